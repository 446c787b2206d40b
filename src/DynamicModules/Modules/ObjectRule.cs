using System.Text.Json.Nodes;

namespace DynamicModules.Modules;

/// <summary>
/// A rule over several properties of one object (such as "exactly one of <c>function</c> and
/// <c>endpoint</c>"). <see cref="Check"/> returns the error message, or null when the object obeys it.
/// </summary>
public sealed record ObjectRule(string Description, Func<JsonObject, string?> Check)
{
    /// <summary>Exactly one of the named properties must be present.</summary>
    public static ObjectRule ExactlyOneOf(params string[] names)
    {
        var list = Quote(names);
        return new ObjectRule($"exactly one of {list}", obj => CountPresent(obj, names) == 1
            ? null
            : $"Exactly one of {list} is required.");
    }

    /// <summary>At most one of the named properties may be present.</summary>
    public static ObjectRule AtMostOneOf(params string[] names)
    {
        var list = Quote(names);
        return new ObjectRule($"at most one of {list}", obj => CountPresent(obj, names) <= 1
            ? null
            : $"Only one of {list} may be given.");
    }

    /// <summary><paramref name="property"/> may only be given together with <paramref name="requiredProperty"/>.</summary>
    public static ObjectRule OnlyWith(string property, string requiredProperty) =>
        new($"'{property}' only with '{requiredProperty}'", obj => IsPresent(obj, property) && !IsPresent(obj, requiredProperty)
            ? $"'{property}' is only allowed together with '{requiredProperty}'."
            : null);

    internal static bool IsPresent(JsonObject obj, string name) => obj[name] is not null;

    private static int CountPresent(JsonObject obj, string[] names) => names.Count(name => IsPresent(obj, name));

    private static string Quote(string[] names) => string.Join(", ", names.Select(name => $"'{name}'"));
}

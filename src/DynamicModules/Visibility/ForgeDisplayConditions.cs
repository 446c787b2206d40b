using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Visibility;

/// <summary>
/// Decides the Forge <c>displayConditions</c> the service can (<c>isLoggedIn</c>, <c>isAdmin</c>, and
/// <c>projectKey</c>/<c>projectKeys</c>/<c>spaceKey</c>/<c>spaceKeys</c>, a key or a list of keys) and keeps the others
/// for the host. An object holds when all its keys hold; <c>and</c>, <c>or</c> and <c>not</c> take an object.
/// </summary>
internal static class ForgeDisplayConditions
{
    public static Decided Evaluate(JsonObject conditions, Viewer viewer) => EvaluateObject(conditions, all: true, viewer);

    private static Decided EvaluateObject(JsonObject conditions, bool all, Viewer viewer)
    {
        var undecided = new JsonObject();
        foreach (var (name, value) in conditions)
        {
            var decided = EvaluateKey(name, value, viewer);
            switch (decided.Value)
            {
                case null:
                    undecided[name] = decided.Residual;
                    break;
                case var result when result != all:
                    return Decided.Of(result.Value);
            }
        }

        return undecided.Count == 0 ? Decided.Of(all) : Decided.Undecided(undecided);
    }

    private static Decided EvaluateKey(string name, JsonNode? value, Viewer viewer)
    {
        switch (name)
        {
            case "and" or "or" when value is JsonObject group:
                var inner = EvaluateObject(group, name == "and", viewer);
                return inner.Value is null ? Decided.Undecided(inner.Residual!) : inner;
            case "not" when value is JsonObject negated:
                var positive = EvaluateObject(negated, all: true, viewer);
                return positive.Value is { } decided ? Decided.Of(!decided) : Decided.Undecided(positive.Residual!);
            case "isLoggedIn" when Boolean(value) is { } expected:
                return Decided.Of(viewer.IsLoggedIn == expected);
            case "isAdmin" when Boolean(value) is { } expected:
                return Decided.Of(viewer.IsAdmin == expected);
            case "projectKey" or "projectKeys" when Keys(value) is { } projects:
                return Decided.Of(viewer.Context.Project is { } project && projects.Contains(project));
            case "spaceKey" or "spaceKeys" when Keys(value) is { } spaces:
                return Decided.Of(viewer.Context.Space is { } space && spaces.Contains(space));
            default:
                // Kept as written, for the host; a null value stays null.
                return new Decided(null, value?.DeepClone());
        }
    }

    private static bool? Boolean(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static HashSet<string>? Keys(JsonNode? value) => value switch
    {
        JsonValue single when single.GetValueKind() == JsonValueKind.String => [single.GetValue<string>()],
        JsonArray list when list.All(item => item?.GetValueKind() == JsonValueKind.String) =>
            list.Select(item => item!.GetValue<string>()).ToHashSet(StringComparer.Ordinal),
        _ => null,
    };
}

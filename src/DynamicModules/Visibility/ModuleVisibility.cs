using System.Text.Json.Nodes;

namespace DynamicModules.Visibility;

/// <summary>
/// Who sees a module and where (DESIGN §4.8): every listed dimension must match the viewing context; an empty or
/// absent dimension matches everything, and a dimension the module lists but the context lacks does not match.
/// </summary>
/// <param name="Roles">Tenant user roles; the viewer must hold at least one.</param>
/// <param name="Users">Account ids; the viewer must be one of them.</param>
/// <param name="Projects">Project keys; the page's project must be one of them.</param>
/// <param name="Spaces">Space keys; the page's space must be one of them.</param>
public sealed record ModuleVisibility(
    IReadOnlySet<string> Roles, IReadOnlySet<string> Users, IReadOnlySet<string> Projects, IReadOnlySet<string> Spaces)
{
    /// <summary>The property name in a module definition and in the operator override body.</summary>
    public const string Property = "visibility";

    /// <summary>The dimensions, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["roles", "users", "projects", "spaces"];

    /// <summary>True when no dimension lists anything: the module is visible to everyone, everywhere.</summary>
    public bool IsOpen => Roles.Count == 0 && Users.Count == 0 && Projects.Count == 0 && Spaces.Count == 0;

    /// <summary>Reads a visibility object that passed <see cref="VisibilityValidator"/>; null when absent.</summary>
    public static ModuleVisibility? FromJson(JsonNode? node) => node is JsonObject obj
        ? new ModuleVisibility(Read(obj, "roles"), Read(obj, "users"), Read(obj, "projects"), Read(obj, "spaces"))
        : null;

    /// <summary>Whether a viewer holding <paramref name="roles"/> sees the module in <paramref name="context"/>.</summary>
    public bool Matches(ViewingContext context, IReadOnlySet<string> roles)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(roles);
        return (Roles.Count == 0 || (context.User is not null && Roles.Overlaps(roles)))
            && Listed(Users, context.User)
            && Listed(Projects, context.Project)
            && Listed(Spaces, context.Space);
    }

    /// <summary>The JSON form, dimensions that list nothing left out.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (name, values) in new[] { ("roles", Roles), ("users", Users), ("projects", Projects), ("spaces", Spaces) })
        {
            if (values.Count > 0)
            {
                json[name] = new JsonArray([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]);
            }
        }

        return json;
    }

    private static bool Listed(IReadOnlySet<string> listed, string? value) => listed.Count == 0 || (value is not null && listed.Contains(value));

    private static HashSet<string> Read(JsonObject obj, string name) =>
        obj[name] is JsonArray array
            ? array.Select(item => item?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
}

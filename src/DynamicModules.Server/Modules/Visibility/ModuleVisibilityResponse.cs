using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Visibility;

/// <summary>A module's visibility override.</summary>
/// <param name="AppKey">The app.</param>
/// <param name="ModuleKey">The module.</param>
/// <param name="Override">The operator's visibility, in force instead of the module's own; null when there is none.</param>
public sealed record ModuleVisibilityResponse(string AppKey, string ModuleKey, VisibilityRules? Override);

/// <summary>A visibility: each dimension's values in ordinal order, empty when it restricts nothing.</summary>
/// <param name="Roles">Tenant user roles; the viewer must hold one.</param>
/// <param name="Users">Account ids; the viewer must be one.</param>
/// <param name="Projects">Project keys; the page's project must be one.</param>
/// <param name="Spaces">Space keys; the page's space must be one.</param>
public sealed record VisibilityRules(IReadOnlyList<string> Roles, IReadOnlyList<string> Users, IReadOnlyList<string> Projects, IReadOnlyList<string> Spaces)
{
    /// <summary>The answer form of <paramref name="visibility"/>.</summary>
    public static VisibilityRules From(ModuleVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return new(Sorted(visibility.Roles), Sorted(visibility.Users), Sorted(visibility.Projects), Sorted(visibility.Spaces));
    }

    private static List<string> Sorted(IReadOnlySet<string> values) => values.Order(StringComparer.Ordinal).ToList();
}

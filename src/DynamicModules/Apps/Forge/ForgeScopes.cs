namespace DynamicModules.Apps.Forge;

/// <summary>
/// Maps the Forge scopes of <c>permissions.scopes</c> onto the Connect scopes the module catalog checks
/// (<c>READ</c>, <c>WRITE</c>, <c>DELETE</c>, <c>PROJECT_ADMIN</c>, <c>ADMIN</c>), so one rule ("a trigger needs READ")
/// serves both kinds of app. The mapping is written out in docs/forge-apps.md.
/// </summary>
/// <remarks>
/// Classic scopes (<c>read:jira-work</c>, <c>write:confluence-content</c>, <c>manage:jira-project</c>) and granular
/// ones (<c>read:issue:jira</c>, <c>delete:page:confluence</c>) both name a verb first and a Jira or Confluence
/// resource after it; the verb decides. Scopes about anything else (<c>storage:app</c>, <c>read:app-system-token</c>,
/// <c>report:personal-data</c>) grant no catalog scope: they are kept in the manifest and mean nothing here.
/// </remarks>
public static class ForgeScopes
{
    /// <summary>Longest scope name accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Most scopes a manifest may declare.</summary>
    public const int MaxCount = 500;

    /// <summary>The catalog scope <paramref name="forgeScope"/> grants, or null when it grants none.</summary>
    public static string? ToCatalogScope(string forgeScope)
    {
        ArgumentNullException.ThrowIfNull(forgeScope);
        var colon = forgeScope.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var resource = forgeScope[(colon + 1)..];
        if (!resource.Contains("jira", StringComparison.Ordinal) && !resource.Contains("confluence", StringComparison.Ordinal))
        {
            return null;
        }

        return forgeScope[..colon] switch
        {
            "read" or "search" => "READ",
            "write" => "WRITE",
            "delete" => "DELETE",
            "manage" when resource == "jira-project" => "PROJECT_ADMIN",
            "manage" => "ADMIN",
            _ => null,
        };
    }

    /// <summary>The catalog scopes the given Forge scopes grant, upper-case, looked up ignoring case.</summary>
    public static IReadOnlySet<string> ToCatalogScopes(IEnumerable<string> forgeScopes) =>
        forgeScopes.Select(ToCatalogScope).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
}

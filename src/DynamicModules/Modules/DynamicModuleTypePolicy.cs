namespace DynamicModules.Modules;

/// <summary>
/// Which module types may be registered dynamically, per product type. Products without an entry
/// allow every catalog type. The defaults follow what Jira and Confluence allow (specs/connect.md §1.8,
/// specs/forge-triggers-expressions.md §1.3); each product's list can be replaced from configuration
/// (<c>DynamicModules:DynamicTypes:{product}</c> = list of type names, bound to
/// <see cref="Configuration.DynamicModulesOptions.DynamicTypes"/>). Static descriptor modules are
/// not subject to this policy.
/// </summary>
public sealed class DynamicModuleTypePolicy
{
    private static readonly IReadOnlyDictionary<string, string[]> Defaults = new Dictionary<string, string[]>
    {
        ["jira"] =
        [
            "webItems", "webPanels", "webSections", "generalPages", "adminPages",
            "jiraIssueFields", "jiraEntityProperties", "jiraIssueContexts", "webhooks", "trigger",
            "jira:issuePanel", "jira:issueAction", "jira:issueContext", "jira:issueActivity",
            "jira:customField", "jira:entityProperty",
        ],
        ["confluence"] =
        [
            "webItems", "webPanels", "webSections", "generalPages", "adminPages",
            "dynamicContentMacros", "staticContentMacros", "webhooks", "trigger",
            "macro", "confluence:contentBylineItem", "confluence:contentProperty",
        ],
    };

    private readonly Dictionary<string, HashSet<string>> _allowed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The default policy.</summary>
    public static DynamicModuleTypePolicy Default { get; } = new();

    /// <summary>Creates the default policy, with each product in <paramref name="overrides"/> replacing its default list.</summary>
    public DynamicModuleTypePolicy(IEnumerable<KeyValuePair<string, string[]>>? overrides = null)
    {
        foreach (var (product, types) in Defaults.Concat(overrides ?? []))
        {
            _allowed[product] = new HashSet<string>(types, StringComparer.Ordinal);
        }
    }

    /// <summary>The types allowed in <paramref name="productType"/>, or null when every catalog type is.</summary>
    public IReadOnlySet<string>? AllowedTypes(string productType) =>
        _allowed.TryGetValue(productType, out var types) ? types : null;

    /// <summary>Whether <paramref name="moduleType"/> may be registered dynamically in <paramref name="productType"/>.</summary>
    public bool IsAllowed(string productType, string moduleType) =>
        AllowedTypes(productType) is not { } types || types.Contains(moduleType);
}

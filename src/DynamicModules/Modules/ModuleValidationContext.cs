using DynamicModules.Filters;

namespace DynamicModules.Modules;

/// <summary>
/// What module validation needs to know about the app and the tenant: scopes and Forge-style
/// declarations from the app descriptor, translations for i18n, and the filter checker.
/// </summary>
public sealed class ModuleValidationContext
{
    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();
    private readonly IReadOnlySet<string> _scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The app's descriptor key.</summary>
    public string AppKey { get; init; } = string.Empty;

    /// <summary>The tenant's product type (<c>jira</c>, <c>confluence</c>, ...); empty when validating a descriptor.</summary>
    public string ProductType { get; init; } = string.Empty;

    /// <summary>The app's scopes; looked up ignoring case.</summary>
    public IReadOnlySet<string> Scopes
    {
        get => _scopes;
        init => _scopes = new HashSet<string>(value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Keys of the functions the descriptor declares.</summary>
    public IReadOnlySet<string> FunctionKeys { get; init; } = Empty;

    /// <summary>
    /// Why the app may name no <c>function</c> at all, when it may not: a manifest-installed Forge app's functions
    /// would need the Forge runtime, which this service does not run. Null for descriptor apps.
    /// </summary>
    public string? FunctionRefusal { get; init; }

    /// <summary>Keys of the endpoints the descriptor declares.</summary>
    public IReadOnlySet<string> EndpointKeys { get; init; } = Empty;

    /// <summary>Keys of the resources the descriptor declares.</summary>
    public IReadOnlySet<string> ResourceKeys { get; init; } = Empty;

    /// <summary>The app's translations: locale → i18n key → text (see <see cref="I18nResolver"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Translations { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>
    /// Parses a filter and returns its problems (none when valid). Null skips filter checks, which is
    /// only meant for tests and for callers that check filters themselves.
    /// </summary>
    public Func<FilterLanguage, string, IReadOnlyList<FilterError>>? CheckFilter { get; init; }
}

using System.Text.Json.Nodes;
using DynamicModules.Apps.Forge;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Apps;

/// <summary>
/// A validated app descriptor (<c>atlassian-connect.json</c>, specs/connect.md §3.1), with the
/// Forge-style function, endpoint and resource declarations that dynamic Forge modules reference.
/// Created by <see cref="AppDescriptorParser"/>. JSON members are copies owned by this object; treat them as read-only.
/// </summary>
public sealed class AppDescriptor
{
    /// <summary>The scopes a descriptor may declare, upper-case.</summary>
    public static IReadOnlySet<string> KnownScopes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "READ", "WRITE", "DELETE", "PROJECT_ADMIN", "SPACE_ADMIN", "ADMIN", "ACT_AS_USER", "ACCESS_EMAIL_ADDRESSES",
    };

    /// <summary>The app key; the JWT <c>iss</c> of the app's calls.</summary>
    public required string Key { get; init; }

    /// <summary>The display name, when given.</summary>
    public string? Name { get; init; }

    /// <summary>The absolute http(s) base URL of the app, without trailing <c>/</c>, query or fragment.</summary>
    public required string BaseUrl { get; init; }

    /// <summary><c>jwt</c> (the default) or <c>none</c>, lower-case.</summary>
    public string AuthenticationType { get; init; } = "jwt";

    /// <summary>The lifecycle callback paths.</summary>
    public AppDescriptorLifecycle Lifecycle { get; init; } = new(null, null, null, null);

    /// <summary>The declared scopes, upper-case, looked up ignoring case.</summary>
    public IReadOnlySet<string> Scopes { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>apiMigrations</c> object as given (empty when absent).</summary>
    public JsonObject ApiMigrations { get; init; } = [];

    /// <summary>Whether the app opted into RS256-signed install callbacks (<c>apiMigrations.signed-install</c>).</summary>
    public bool SignedInstall => ApiMigrations["signed-install"] is JsonValue value && value.TryGetValue<bool>(out var on) && on;

    /// <summary>Translation file paths (relative to the base URL) by locale, from <c>translations.paths</c>.</summary>
    public IReadOnlyDictionary<string, string> TranslationPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>The static modules by type (function and endpoint declarations excluded), keys set (generated for key-less webhooks).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ModuleEntry>> StaticModules { get; init; } =
        new Dictionary<string, IReadOnlyList<ModuleEntry>>();

    /// <summary>Functions by key (<c>modules.function</c>).</summary>
    public IReadOnlyDictionary<string, AppDescriptorFunction> Functions { get; init; } = new Dictionary<string, AppDescriptorFunction>();

    /// <summary>Endpoints by key (<c>modules.endpoint</c>).</summary>
    public IReadOnlyDictionary<string, AppDescriptorEndpoint> Endpoints { get; init; } = new Dictionary<string, AppDescriptorEndpoint>();

    /// <summary>
    /// The app id Forge Invocation Tokens name as <c>aud</c> and <c>app.id</c>: a manifest's <c>app.id</c>
    /// (<c>ari:cloud:ecosystem::app/&lt;uuid&gt;</c>); for a Connect descriptor, its key.
    /// </summary>
    public string AppId
    {
        get => _appId ?? Key;
        init => _appId = value;
    }

    private readonly string? _appId;

    /// <summary>The app version FITs carry as <c>app.appVersion</c>, when the descriptor or manifest names one.</summary>
    public string? AppVersion { get; init; }

    /// <summary>Remote base URLs by remote key (<c>remotes[]</c> of a manifest); endpoints without a known remote use <see cref="BaseUrl"/>.</summary>
    public IReadOnlyDictionary<string, string> Remotes { get; init; } = new Dictionary<string, string>();

    /// <summary>The absolute URL of an endpoint's route: its remote's base URL (or <see cref="BaseUrl"/>) joined with the route path.</summary>
    public string EndpointUrl(AppDescriptorEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return AppRelativeUrl.Join(RemoteBaseUrl(endpoint), endpoint.RoutePath);
    }

    /// <summary>The base URL of the remote an endpoint lives on: requests to it never leave it.</summary>
    public string RemoteBaseUrl(AppDescriptorEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Remote is { } remote && Remotes.TryGetValue(remote, out var remoteUrl) ? remoteUrl.TrimEnd('/') : BaseUrl;
    }

    /// <summary>Resources by key (top-level <c>resources</c>).</summary>
    public IReadOnlyDictionary<string, AppDescriptorResource> Resources { get; init; } = new Dictionary<string, AppDescriptorResource>();

    /// <summary>The declared function keys.</summary>
    public IReadOnlySet<string> FunctionKeys => Functions.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The declared endpoint keys.</summary>
    public IReadOnlySet<string> EndpointKeys => Endpoints.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The declared resource keys.</summary>
    public IReadOnlySet<string> ResourceKeys => Resources.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Every module key the descriptor uses, including functions and endpoints; a dynamic module may not reuse one.</summary>
    public IReadOnlySet<string> StaticModuleKeys =>
        StaticModules.Values.SelectMany(modules => modules).Select(module => module.Key)
            .Concat(Functions.Keys).Concat(Endpoints.Keys).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The Forge side of an app installed from a <c>manifest.yml</c> (app id, remotes, endpoints and their
    /// token needs); null for an app installed from a Connect descriptor.
    /// </summary>
    public ForgeManifest? Forge { get; init; }

    /// <summary>The descriptor JSON as given.</summary>
    public required JsonObject Raw { get; init; }

    /// <summary>
    /// Where the service delivers events for a trigger definition, relative to <see cref="BaseUrl"/>:
    /// the <see cref="AppDescriptorFunction.DeliveryPath"/> of its <c>function</c>, or the route path of its
    /// <c>endpoint</c>; null when it names neither a declared function nor a declared endpoint.
    /// Join it with <see cref="AppRelativeUrl.Join"/>.
    /// </summary>
    public string? DeliveryPathFor(JsonObject trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger["function"] is JsonValue function && function.TryGetValue<string>(out var functionKey))
        {
            return Functions.TryGetValue(functionKey, out var declared) ? declared.DeliveryPath : null;
        }

        if (trigger["endpoint"] is JsonValue endpoint && endpoint.TryGetValue<string>(out var endpointKey))
        {
            return Endpoints.TryGetValue(endpointKey, out var declared) ? declared.RoutePath : null;
        }

        return null;
    }

    /// <summary>What validating the app's dynamic modules in a tenant needs to know about the app.</summary>
    /// <param name="productType">The tenant's product type.</param>
    /// <param name="translations">The app's translations (see <see cref="I18nResolver"/>); none when null.</param>
    /// <param name="checkFilter">Checks filters; null skips filter checks.</param>
    public ModuleValidationContext ValidationContext(
        string productType,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? translations = null,
        Func<FilterLanguage, string, IReadOnlyList<FilterError>>? checkFilter = null) =>
        new()
        {
            AppKey = Key,
            ProductType = productType,
            Scopes = Scopes,
            FunctionKeys = FunctionKeys,
            FunctionRefusal = Forge is null ? null : ForgeManifestParser.FunctionRefusal,
            EndpointKeys = EndpointKeys,
            ResourceKeys = ResourceKeys,
            Translations = translations ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
            CheckFilter = checkFilter,
        };
}

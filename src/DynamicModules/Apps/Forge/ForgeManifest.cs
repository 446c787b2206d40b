namespace DynamicModules.Apps.Forge;

/// <summary>
/// What a Forge <c>manifest.yml</c> says about where the app's remote back end lives (DESIGN §4.5): its
/// <c>app.id</c>, its <c>remotes</c> and the <c>modules.endpoint</c> entries that point into them. Created by
/// <see cref="ForgeManifestParser"/> and reachable from an installation through <see cref="AppDescriptor.Forge"/>;
/// null there for Connect apps.
/// </summary>
public sealed class ForgeManifest
{
    /// <summary>The prefix of every Forge app id; the UUID follows it.</summary>
    public const string AppIdPrefix = "ari:cloud:ecosystem::app/";

    /// <summary>The full app id, <c>ari:cloud:ecosystem::app/&lt;uuid&gt;</c>; the FIT's <c>aud</c> and <c>app.id</c>.</summary>
    public required string AppId { get; init; }

    /// <summary>The UUID of <see cref="AppId"/>, lower-case, as written in the manifest.</summary>
    public required string AppUuid { get; init; }

    /// <summary><c>app.connect.key</c>: the Connect descriptor key this app adopts, when it has one.</summary>
    public string? ConnectKey { get; init; }

    /// <summary><c>app.connect.remote</c>: the remote that hosts the adopted Connect app, when named.</summary>
    public string? ConnectRemote { get; init; }

    /// <summary>
    /// The key the installation is stored and named under in operator paths: <see cref="ConnectKey"/> when the app
    /// adopts a Connect app, else <see cref="AppUuid"/>.
    /// </summary>
    public string AppKey => ConnectKey ?? AppUuid;

    /// <summary>Remotes by key (<c>remotes[]</c>).</summary>
    public IReadOnlyDictionary<string, ForgeRemote> Remotes { get; init; } = new Dictionary<string, ForgeRemote>();

    /// <summary>Endpoints by key (<c>modules.endpoint[]</c>); each names one of <see cref="Remotes"/>.</summary>
    public IReadOnlyDictionary<string, ForgeEndpoint> Endpoints { get; init; } = new Dictionary<string, ForgeEndpoint>();

    /// <summary>The Forge scopes as declared (<c>permissions.scopes</c>), in manifest order.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>
    /// The absolute URL of an endpoint's route: its remote's base URL joined with <c>route.path</c>; null when
    /// the endpoint is not declared. Requests to <c>invoke</c> paths go under it.
    /// </summary>
    public string? EndpointUrl(string endpointKey)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        return Endpoints.TryGetValue(endpointKey, out var endpoint) && Remotes.TryGetValue(endpoint.Remote, out var remote)
            ? remote.BaseUrl + (endpoint.RoutePath == "/" ? string.Empty : endpoint.RoutePath)
            : null;
    }
}

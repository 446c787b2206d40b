using DynamicModules.Apps.Forge;
using DynamicModules.Events;
using DynamicModules.Modules;

namespace DynamicModules.Migration;

/// <summary>What the migration planner knows about the installation besides its Connect dynamic modules.</summary>
/// <param name="ProductType">The tenant's product: <c>jira</c> or <c>confluence</c>.</param>
/// <param name="Manifest">The installation's Forge manifest (the one with <c>app.connect.key</c>).</param>
/// <param name="TakenForgeKeys">Module keys already used by the app's Forge modules (static and dynamic).</param>
public sealed record MigrationPlanContext(string ProductType, ForgeManifest Manifest, IReadOnlySet<string> TakenForgeKeys)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <summary>
    /// The resources the manifest declares (<c>resources[].key</c>, <see cref="Apps.AppDescriptor.ResourceKeys"/>). A
    /// Connect UI module converts only when one of them has the module's key: Forge UI modules render a resource
    /// bundled with the app, never a remote URL, so the app must have built the module's Forge UI first.
    /// </summary>
    public IReadOnlySet<string> ResourceKeys { get; init; } = None;

    /// <summary>
    /// The base URL Connect <c>url</c>s of this installation resolve against (<see cref="Apps.AppDescriptor.BaseUrl"/>);
    /// null means the base URL of the remote named by <c>app.connect.remote</c>.
    /// </summary>
    public string? ConnectBaseUrl { get; init; }

    /// <summary>The event catalog that maps Connect webhook events to Forge events.</summary>
    public EventCatalog Events { get; init; } = EventCatalog.Default;

    /// <summary>Which module types the product allows dynamically; a converted type it does not allow stays Connect.</summary>
    public DynamicModuleTypePolicy TypePolicy { get; init; } = DynamicModuleTypePolicy.Default;

    /// <summary>
    /// How converted modules are validated before they are planned (the registration rules of the installation:
    /// <see cref="Apps.AppDescriptor.ValidationContext"/>); endpoints the plan derives count as declared. Null
    /// validates with the manifest's endpoints and resources and the READ scope (every Connect webhook needed it).
    /// </summary>
    public ModuleValidationContext? Validation { get; init; }

    /// <summary>The base URL webhook <c>url</c>s resolve against, or null when the installation names none.</summary>
    internal string? EffectiveConnectBaseUrl =>
        ConnectBaseUrl?.TrimEnd('/')
        ?? (Manifest.ConnectRemote is { } remote && Manifest.Remotes.TryGetValue(remote, out var declared) ? declared.BaseUrl : null);
}

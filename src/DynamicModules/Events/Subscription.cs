using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Events;

/// <summary>
/// One subscriber module of an enabled installation, ready for matching: everything the matcher needs is
/// resolved when the tenant's index is built, so matching an event costs no I/O and no parsing.
/// </summary>
/// <param name="InstallationId">The installation the module belongs to.</param>
/// <param name="AppKey">The app key (compared with <c>actor.appKey</c> for <c>ignoreSelf</c>).</param>
/// <param name="ModuleKey">The module key.</param>
/// <param name="Kind">Webhook or trigger.</param>
/// <param name="IsDynamic">True for a dynamic module, false for a static one from the descriptor.</param>
/// <param name="AppBaseUrl">The app's base URL; deliveries go only under it.</param>
/// <param name="AppScopes">The scopes the app declares.</param>
/// <param name="TargetPath">Where to POST, relative to the base URL (a webhook URL may be a template); null when a trigger's function or endpoint is no longer declared.</param>
/// <param name="Filter">The compiled filter, or null when the module has none.</param>
/// <param name="OnError">What to do when the filter fails (triggers; webhooks always skip).</param>
/// <param name="IgnoreSelf">Skip events whose actor is this app (triggers).</param>
/// <param name="ExcludeBody">POST without a body (webhooks).</param>
public sealed record Subscription(
    long InstallationId,
    string AppKey,
    string ModuleKey,
    SubscriptionKind Kind,
    bool IsDynamic,
    string AppBaseUrl,
    IReadOnlySet<string> AppScopes,
    string? TargetPath,
    FilterCompilation? Filter,
    FilterErrorHandling OnError,
    bool IgnoreSelf,
    bool ExcludeBody)
{
    /// <summary>A trigger a Connect → Forge migration made from a Connect webhook (DESIGN §4.6).</summary>
    public bool IsMigrated { get; init; }
}

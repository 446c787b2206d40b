using DynamicModules.Modules;

namespace DynamicModules.Delivery;

/// <summary>A delivery to queue with its event.</summary>
/// <param name="InstallationId">The subscriber's installation.</param>
/// <param name="AppKey">The subscriber's app.</param>
/// <param name="ModuleKey">The subscriber module.</param>
/// <param name="ModuleKind">Which kind of subscriber module it goes to.</param>
/// <param name="EventName">The name the body carries: the Connect name for webhooks, the Forge name for triggers.</param>
/// <param name="TargetUrl">The absolute URL, or null when it could not be built (the delivery is then dead on arrival).</param>
/// <param name="ExcludeBody">POST with an empty body.</param>
/// <param name="SelfGenerated">The event was caused by the subscriber's own app.</param>
/// <param name="MatchReason">Why it matched.</param>
/// <param name="FilterError">The filter's evaluation error, for RECEIVE* triggers.</param>
/// <param name="DeadReason">Why it can never be sent (no target), or null.</param>
public sealed record NewDelivery(
    long InstallationId, string AppKey, string ModuleKey, SubscriptionKind ModuleKind, string EventName, string? TargetUrl, bool ExcludeBody,
    bool SelfGenerated, string MatchReason, string? FilterError, string? DeadReason);

namespace DynamicModules.Dashboard;

/// <summary>A delivery target with failed attempts in the window.</summary>
/// <param name="Tenant">The tenant key.</param>
/// <param name="AppKey">The app the target belongs to.</param>
/// <param name="TargetUrl">The URL deliveries were sent to.</param>
/// <param name="Failures">Attempts that did not get a 2xx.</param>
/// <param name="Attempts">All finished attempts.</param>
/// <param name="LastAttemptAt">When the latest attempt started.</param>
public sealed record FailingEndpoint(string Tenant, string AppKey, string TargetUrl, long Failures, long Attempts, DateTimeOffset LastAttemptAt);

namespace DynamicModules.Events;

/// <summary>The outcome of a publish.</summary>
/// <param name="Id">The event id.</param>
/// <param name="Deliveries">How many deliveries were queued (for a duplicate: by the original publish).</param>
/// <param name="Skipped">How many subscribers did not get it (filter false, filter error ignored, ignoreSelf, scope).</param>
/// <param name="Duplicate">True when the id had been published before and nothing new was queued.</param>
public sealed record PublishResult(string Id, int Deliveries, int Skipped, bool Duplicate);

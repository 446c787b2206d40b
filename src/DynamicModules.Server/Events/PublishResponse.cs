namespace DynamicModules.Server.Events;

/// <summary>Answer to a publish: the event id and how many deliveries it queued (for a repeat: the original's).</summary>
public sealed record PublishResponse(string Id, int Deliveries, int Skipped, bool Duplicate);

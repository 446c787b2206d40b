namespace DynamicModules.Dashboard;

/// <summary>The outbox right now: deliveries waiting for an attempt.</summary>
/// <param name="Pending">All pending deliveries.</param>
/// <param name="Due">Pending and due now (or being sent).</param>
/// <param name="Waiting">Pending and waiting for a later retry.</param>
/// <param name="OldestCreatedAt">When the oldest pending delivery was created, or null when the outbox is empty.</param>
public sealed record OutboxDepth(long Pending, long Due, long Waiting, DateTimeOffset? OldestCreatedAt);

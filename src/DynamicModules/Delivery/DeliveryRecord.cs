namespace DynamicModules.Delivery;

/// <summary>A delivery as the delivery log shows it.</summary>
public sealed record DeliveryRecord(
    long Id, string WebhookId, string EventId, string EventType, string AppKey, string ModuleKey, string ModuleKind, string TargetUrl,
    string Status, int AttemptCount, DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, string MatchReason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DeliveryAttemptRecord> Attempts);

/// <summary>One HTTP attempt of a delivery.</summary>
public sealed record DeliveryAttemptRecord(
    int Attempt, DateTimeOffset StartedAt, long DurationMs, int? StatusCode, string? Error, string? ResponseSnippet);

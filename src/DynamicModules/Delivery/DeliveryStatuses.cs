namespace DynamicModules.Delivery;

/// <summary>The states of a delivery (docs/events.md).</summary>
public static class DeliveryStatuses
{
    /// <summary>Waiting for its next attempt (possibly claimed by a worker right now).</summary>
    public const string Pending = "pending";

    /// <summary>The app answered 2xx.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Given up without retrying: a non-retryable answer (4xx other than 408/409/425/429, 3xx), or the app was no longer enabled when it came due.</summary>
    public const string Failed = "failed";

    /// <summary>Dead-lettered: every attempt failed, or the target URL is not under the app's base URL.</summary>
    public const string Dead = "dead";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Succeeded, Failed, Dead];
}

namespace DynamicModules.Delivery;

/// <summary>How one attempt went and what happens next.</summary>
/// <param name="Status">The delivery's status after it.</param>
/// <param name="NextAttemptAt">When to try again (pending only).</param>
/// <param name="StatusCode">The app's HTTP status, or null when none came back.</param>
/// <param name="Error">What went wrong, or null.</param>
/// <param name="StartedAt">When the request was sent; null when no request was made.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="ResponseSnippet">The start of the app's answer.</param>
public sealed record AttemptResult(
    string Status, DateTimeOffset? NextAttemptAt, int? StatusCode, string? Error, DateTimeOffset? StartedAt, TimeSpan Duration,
    string? ResponseSnippet);

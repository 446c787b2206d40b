using System.Net.Http.Headers;

namespace DynamicModules.Delivery;

/// <summary>
/// Which failures are retried and when: exponential backoff with full jitter, or the receiver's
/// <c>Retry-After</c> when it sends one (capped). Jira's webhook retry rule decides what is retryable
/// (specs/forge-triggers-expressions.md §4.4).
/// </summary>
public sealed class RetryPolicy(DeliveryOptions options, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>408, 409, 425, 429 and 5xx are retried; other answers are final.</summary>
    public static bool IsRetryable(int statusCode) => statusCode is 408 or 409 or 425 or 429 or >= 500;

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (retryAfter is { } requested)
        {
            return requested < TimeSpan.Zero ? TimeSpan.Zero : requested > options.MaxRetryAfter ? options.MaxRetryAfter : requested;
        }

        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(_random.NextDouble() * ceiling);
    }

    /// <summary>The <c>Retry-After</c> of a response as a delay from <paramref name="now"/> (seconds or an HTTP date), or null.</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - now : null;
    }
}

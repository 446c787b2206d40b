using System.ComponentModel.DataAnnotations;

namespace DynamicModules.Delivery;

/// <summary>Event delivery settings, bound from <c>DynamicModules:Delivery</c> and validated at start-up.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules:Delivery";

    /// <summary>How long one attempt may take (Forge gives remote endpoints 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per delivery cycle before it is dead-lettered (the first attempt counts).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Backoff before retry n is a random delay in [0, min(<see cref="MaxRetryDelay"/>, this × 2^(n-1))] (full jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the exponential backoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest <c>Retry-After</c> honoured; longer requests wait this long (Forge clamps at 900 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Concurrent requests per app endpoint (scheme, host and port of the target) on one node.</summary>
    [Range(1, 1000)]
    public int PerEndpointConcurrency { get; set; } = 4;

    /// <summary>Concurrent requests per node across all endpoints.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Most deliveries claimed in one database round trip.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>How often the worker looks for due work when nothing woke it (other nodes' events, retries coming due).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim lasts. A node that dies mid-delivery leaves its claims, which other nodes (or the same
    /// node after a restart) take over once the lease has run out. Renewed when an attempt begins, and at least twice
    /// <see cref="Timeout"/> plus <see cref="DeliveryOptionsValidator.LeaseMargin"/>, so a request still open can never be
    /// claimed again (the Svix #2181 trap, specs/peers.md §2).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs the delivery worker on this node; turn off for API-only nodes.</summary>
    public bool WorkerEnabled { get; set; } = true;
}

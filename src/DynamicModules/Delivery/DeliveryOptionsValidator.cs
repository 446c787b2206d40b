using System.Globalization;
using Microsoft.Extensions.Options;

namespace DynamicModules.Delivery;

/// <summary>
/// The relations between delivery settings that ranges alone cannot express; checked at start-up, so a configuration that
/// could let a request outlive its lease (and be sent again while still open) never runs. Each failure names the setting.
/// </summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    /// <summary>
    /// Time a lease must leave beyond twice the request timeout: the commit that begins the attempt, a busy thread pool before
    /// the request leaves and the cancellation of a timed-out request all happen inside the lease (docs/events.md "Leases").
    /// </summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(1);

    /// <summary>The shortest lease allowed for a request timeout.</summary>
    public static TimeSpan MinimumLease(TimeSpan timeout) => timeout * 2 + LeaseMargin;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var minimumLease = MinimumLease(options.Timeout);
        if (options.Lease < minimumLease)
        {
            failures.Add($"{DeliveryOptions.Section}:Lease is {Show(options.Lease)} but must be at least twice Timeout plus {Show(LeaseMargin)}, " +
                $"here {Show(minimumLease)} (Timeout is {Show(options.Timeout)}): a request still open when its lease ends could be claimed and sent again.");
        }

        if (options.PollInterval >= options.Lease)
        {
            failures.Add($"{DeliveryOptions.Section}:PollInterval ({Show(options.PollInterval)}) must be shorter than Lease ({Show(options.Lease)}).");
        }

        if (options.PerEndpointConcurrency > options.MaxInFlight)
        {
            failures.Add($"{DeliveryOptions.Section}:PerEndpointConcurrency ({options.PerEndpointConcurrency}) must not exceed MaxInFlight ({options.MaxInFlight}).");
        }

        if (options.BatchSize > options.MaxInFlight)
        {
            failures.Add($"{DeliveryOptions.Section}:BatchSize ({options.BatchSize}) must not exceed MaxInFlight ({options.MaxInFlight}).");
        }

        if (options.MaxRetryDelay < options.BaseRetryDelay)
        {
            failures.Add($"{DeliveryOptions.Section}:MaxRetryDelay ({Show(options.MaxRetryDelay)}) must be at least BaseRetryDelay ({Show(options.BaseRetryDelay)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicModules.Delivery;

/// <summary>
/// Drains the outbox on this node: claims due deliveries in batches while it has capacity, sends each with at
/// most <see cref="DeliveryOptions.PerEndpointConcurrency"/> requests in flight per app endpoint and
/// <see cref="DeliveryOptions.MaxInFlight"/> in all, and records every attempt. Woken by <see cref="DeliverySignal"/>
/// on publish and redelivery, otherwise polls (retries coming due, other nodes' events).
/// </summary>
public sealed partial class DeliveryDispatcher(
    DeliveryStore store,
    DeliverySender sender,
    DeliverySignal signal,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryDispatcher> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    // Claims carry a token unique to this process, so a settle after a lost lease cannot overwrite another node's work.
    private readonly string _claimToken = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Runs until <paramref name="stoppingToken"/> fires, then waits for the attempts in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                var capacity = Math.Min(settings.BatchSize, settings.MaxInFlight - _inFlight.Count);
                if (capacity > 0)
                {
                    var work = await store.ClaimAsync(_claimToken, settings.Lease, capacity, stoppingToken);
                    claimed = work.Count;
                    foreach (var delivery in work)
                    {
                        _inFlight[delivery.Id] = ProcessAsync(delivery, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable; the claims of this round, if any, expire with their lease.
                LogClaimFailed(logger, exception);
            }

            if (claimed == settings.BatchSize && _inFlight.Count < settings.MaxInFlight)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_inFlight.Values);
    }

    private async Task ProcessAsync(DeliveryWork work, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var endpoint = _endpoints.GetOrAdd(EndpointOf(work.TargetUrl), _ => new SemaphoreSlim(settings.PerEndpointConcurrency));
        var entered = false;
        try
        {
            await endpoint.WaitAsync(stoppingToken);
            entered = true;
            var result = await sender.SendAsync(work, stoppingToken);
            if (result.StartedAt is not null)
            {
                metrics.AttemptMade();
            }

            if (await store.SettleAsync(work, _claimToken, result, CancellationToken.None) && result.Status != DeliveryStatuses.Pending)
            {
                metrics.Settled(result.Status);
                if (result.Status != DeliveryStatuses.Succeeded)
                {
                    LogGaveUp(logger, work.Id, work.WebhookId, work.AppKey, result.Status, result.Error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-attempt: hand the delivery back so the next start (or another node) sends it at once.
            await store.ReleaseAsync(work, _claimToken, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The claim runs out and the delivery is tried again then; nothing is lost.
            LogAttemptFailed(logger, exception, work.Id);
        }
        finally
        {
            if (entered)
            {
                endpoint.Release();
            }

            _inFlight.TryRemove(work.Id, out _);
            signal.Wake();
        }
    }

    /// <summary>The concurrency key: scheme, host and port of the target (one app endpoint).</summary>
    private static string EndpointOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url;

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming deliveries failed")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} failed unexpectedly; it is retried when its claim runs out")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, long deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({WebhookId}) to {AppKey} ended {Status}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string webhookId, string appKey, string status, string? error);
}

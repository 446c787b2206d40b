using System.Collections.Concurrent;
using System.Diagnostics;
using DynamicModules.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicModules.Delivery;

/// <summary>
/// Drains the outbox on this node: claims due deliveries in batches while it has capacity, sends each with at
/// most <see cref="DeliveryOptions.PerEndpointConcurrency"/> requests in flight per app endpoint and
/// <see cref="DeliveryOptions.MaxInFlight"/> in all, and records every attempt. Woken by <see cref="DeliverySignal"/>
/// on publish and redelivery, on this node and (PostgreSQL) every other (<see cref="DeliveryWakeListener"/>), otherwise polls
/// (retries coming due).
/// </summary>
/// <remarks>
/// A claim round begins the attempts of its whole batch in one transaction (<see cref="DeliveryStore.ClaimAsync"/>), and outcomes
/// are written in batches (<see cref="DeliveryOutcomeWriter"/>), so requests leave without a commit each. Each endpoint has a
/// lane (<see cref="EndpointLane"/>): up to its width of send loops, each sending one begun attempt after another and handing
/// the outcome to the writer without waiting for it, so a busy endpoint's connections stay busy the way a plain client's would.
/// An attempt may wait in its lane longer than its lease allows; it is then renewed through
/// <see cref="DeliveryStore.RenewLeaseAsync"/>, which succeeds only while the claim is still the delivery's current one, so a
/// delivery someone else has claimed meanwhile is never sent from here, and no request leaves unless its lease outlasts it.
/// </remarks>
public sealed partial class DeliveryDispatcher(
    DeliveryStore store,
    DeliveryOutcomeWriter outcomes,
    DeliverySender sender,
    DeliverySignal signal,
    DeliveryWakeListener wakes,
    ServiceMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger)
{
    private readonly ConcurrentDictionary<string, EndpointLane> _lanes = new(StringComparer.OrdinalIgnoreCase);

    // Begun attempts on this node, from their claim until their outcome is written: what a claim must leave out.
    private readonly ConcurrentDictionary<long, DeliveryWork> _inFlight = new();

    // Those of them whose request has not ended yet (waiting in their lane, or being sent): what counts against MaxInFlight. An
    // outcome waiting for its group commit holds no request open, so it does not keep the next claim from filling the lanes.
    private readonly ConcurrentDictionary<long, bool> _requestsOpen = new();
    private readonly ConcurrentDictionary<Task, bool> _loops = new();
    private readonly DeliveryIdleWaiters _idle = new();

    // Unique to this process; each claim round adds a sequence number, so every claim is its own fencing token.
    private readonly string _processToken = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private long _claims;

    // Whether the last claim round was held back by the room left (or took all it could): then a finishing attempt wakes the worker.
    private volatile bool _wantsRoom = true;

    /// <summary>
    /// Completes once the worker has looked at the outbox after this call and found nothing due, with no attempt in flight on
    /// this node: the deterministic "nothing more will happen until time passes or something is published" signal. Never
    /// completes while the worker is disabled.
    /// </summary>
    public Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        var idle = _idle.Add(cancellationToken);
        signal.Wake();
        return idle;
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> fires, then waits for the attempts in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Other nodes' commits wake this worker as its own publishes do (PostgreSQL; nothing to do on SQLite).
        var listening = wakes.ListenAsync(signal.Wake, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            _idle.RoundBegins();
            var claimed = 0;
            var failed = false;
            var capacity = Math.Min(settings.BatchSize, Room(settings));
            // While attempts are in flight, claim only once there is room for a fair batch: a claim round per freed slot would spend
            // a write transaction on one or two deliveries each. A round that leaves for lack of room wants finishing attempts to
            // wake it; one that found less due than it could take does not (new work wakes it).
            var claimNow = capacity > 0 && (_requestsOpen.IsEmpty || capacity >= MinimumClaim(settings));
            _wantsRoom = !claimNow;
            try
            {
                if (claimNow)
                {
                    claimed = await ClaimAndStartAsync(settings, capacity, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable; the claims of this round, if any, expire with their lease.
                failed = true;
                _wantsRoom = true;
                LogClaimFailed(logger, exception);
            }

            _idle.RoundEnded(idle: capacity > 0 && claimed == 0 && !failed && _inFlight.IsEmpty);
            if (claimed == settings.BatchSize && Room(settings) > 0)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // The loops hand back what they have not sent and finish what they have; then every outcome queued must be on disk.
        while (!_loops.IsEmpty)
        {
            await Task.WhenAll(_loops.Keys);
        }

        await outcomes.FlushAsync();
        await listening;
    }

    private async Task<int> ClaimAndStartAsync(DeliveryOptions settings, int capacity, CancellationToken stoppingToken)
    {
        var claimToken = $"{_processToken}:{Interlocked.Increment(ref _claims)}";
        var claim = await store.ClaimAsync(
            claimToken, settings.Lease, capacity, [.. _inFlight.Keys], work => sender.Refusal(work) ?? GiveUpAfterCutAttempt(work, settings),
            stoppingToken);
        foreach (var (work, result) in claim.Settled)
        {
            Report(work, result);
        }

        if (claim.Count >= capacity)
        {
            // It took all it could, so more may be due: finishing attempts wake the worker (set before any of them can finish).
            _wantsRoom = true;
        }

        if (claim.Settled.Count > 0 && claim.Begun.Count == 0)
        {
            // No attempt of this round will wake the worker when it ends; look again at once (the next round may find nothing).
            signal.Wake();
        }

        foreach (var delivery in claim.Begun)
        {
            _inFlight[delivery.Id] = delivery;
            _requestsOpen[delivery.Id] = true;
            var lane = _lanes.GetOrAdd(EndpointOf(delivery.TargetUrl), _ => new EndpointLane(settings.PerEndpointConcurrency));
            if (lane.Enqueue(delivery))
            {
                StartLoop(lane, stoppingToken);
            }
        }

        return claim.Count;
    }

    private void StartLoop(EndpointLane lane, CancellationToken stoppingToken)
    {
        var loop = Task.Run(() => SendLoopAsync(lane, stoppingToken), CancellationToken.None);
        _loops[loop] = true;
        _ = loop.ContinueWith(ended => _loops.TryRemove(ended, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task SendLoopAsync(EndpointLane lane, CancellationToken stoppingToken)
    {
        do
        {
            while (lane.TryTake(out var work))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    await HandBackAsync(work);
                    continue;
                }

                await AttemptAsync(work, stoppingToken);
            }
        }
        while (!lane.TryLeave());
    }

    /// <summary>
    /// Sends a begun attempt (its lane's turn has come) and queues the outcome. The attempt is a span of the publish request's trace
    /// (stored with the event), so the request carries a <c>traceparent</c> continuing it.
    /// </summary>
    private async Task AttemptAsync(DeliveryWork begun, CancellationToken stoppingToken)
    {
        using var activity = StartAttemptSpan(begun);
        var settings = options.Value;
        var attempt = begun;
        DateTimeOffset? sentAt = null;
        try
        {
            if (time.GetUtcNow() + settings.Timeout + DeliveryOptionsValidator.LeaseMargin > attempt.LockedUntil)
            {
                // It waited so long that the request could outlast the lease: renew it first, or leave it if it is gone.
                if (await store.RenewLeaseAsync(attempt, settings.Lease, stoppingToken) is not { } renewed)
                {
                    LogClaimLost(logger, begun.Id, begun.WebhookId);
                    Finished(begun);
                    return;
                }

                attempt = renewed;
            }

            sentAt = time.GetUtcNow();
            var result = await sender.SendAsync(attempt, stoppingToken);
            RequestEnded(attempt);
            metrics.AttemptDuration(result.Duration);
            EndAttemptSpan(activity, result);
            outcomes.Write(attempt, result, (taken, error) => Written(attempt, result, taken, error));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: an attempt under way was cut short (it is logged as such and due again at once); one not yet sent is
            // handed back untried, so the next start or another node sends it without waiting for the lease.
            if (sentAt is { } sent)
            {
                outcomes.Write(attempt, CutShort(sent), (_, error) => Written(attempt, null, taken: false, error));
            }
            else
            {
                await HandBackAsync(attempt);
            }
        }
        catch (Exception exception)
        {
            // The claim runs out and the delivery is tried again then; nothing is lost.
            LogAttemptFailed(logger, exception, begun.Id);
            Finished(begun);
        }
    }

    /// <summary>
    /// Starts the <c>delivery attempt</c> span of <paramref name="work"/>, continuing the publish request's trace; null when nobody
    /// listens. A span that only propagates (nothing records it) still carries the trace to the request and the log scope, and
    /// gets no tags.
    /// </summary>
    public static Activity? StartAttemptSpan(DeliveryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var activity = ServiceTracing.StartContinuing("delivery attempt", ActivityKind.Internal, work.TraceParent, work.TraceState);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("dynmod.delivery.id", work.Id);
            activity.SetTag("dynmod.delivery.attempt", work.Attempt);
            activity.SetTag("dynmod.webhook_id", work.WebhookId);
            activity.SetTag("dynmod.app", work.AppKey);
            activity.SetTag("dynmod.module", work.ModuleKey);
            activity.SetTag("dynmod.event.name", work.EventName);
        }

        return activity;
    }

    /// <summary>Puts the attempt's outcome on its span (<see cref="StartAttemptSpan"/>): status, HTTP status code, Error when not a success.</summary>
    public static void EndAttemptSpan(Activity? activity, AttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("dynmod.delivery.status", result.Status);
        if (result.StatusCode is { } code)
        {
            activity.SetTag("http.response.status_code", code);
        }

        if (result.Status != DeliveryStatuses.Succeeded)
        {
            activity.Fail(result.Error);
        }
    }

    private async Task HandBackAsync(DeliveryWork work)
    {
        try
        {
            await store.ReleaseAsync(work, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // It stays claimed until its lease runs out, then it is sent again; nothing is lost.
            LogAttemptFailed(logger, exception, work.Id);
        }
        finally
        {
            Finished(work);
        }
    }

    private void Written(DeliveryWork work, AttemptResult? result, bool taken, Exception? error)
    {
        if (error is null && result is not null)
        {
            Report(work, result, taken);
        }
        else if (error is not null)
        {
            // The claim runs out and the delivery is tried again then; nothing is lost.
            LogAttemptFailed(logger, error, work.Id);
        }

        Finished(work);
    }

    // The request of a begun attempt is over (answered, failed or timed out); its outcome may still wait for its commit.
    private void RequestEnded(DeliveryWork work)
    {
        if (_requestsOpen.TryRemove(work.Id, out _) && _wantsRoom)
        {
            signal.Wake();
        }
    }

    private void Finished(DeliveryWork work)
    {
        _requestsOpen.TryRemove(work.Id, out _);
        _inFlight.TryRemove(work.Id, out _);
        // Not for every attempt: at a low rate that was an empty claim round per event (PostgreSQL: a planned and executed claim).
        if (_wantsRoom || _idle.HasWaiters)
        {
            signal.Wake();
        }
    }

    private void Report(DeliveryWork work, AttemptResult result, bool taken = true)
    {
        if (!taken)
        {
            return;
        }

        metrics.DeliveryOutcome(result.Status);
        if (result.Status == DeliveryStatuses.Succeeded && !work.SucceededBefore)
        {
            metrics.DeliveryLag(time.GetUtcNow() - work.PublishedAt);
        }

        if (result.Status != DeliveryStatuses.Pending)
        {
            if (result.Status != DeliveryStatuses.Succeeded)
            {
                LogGaveUp(logger, work.Id, work.WebhookId, work.AppKey, result.Status, result.Error);
            }
        }
    }

    // Requests this node may still open; outcomes not yet written are bounded too (at MaxInFlight more), so a database slower to
    // settle than to claim cannot grow the writer's queue without end.
    private int Room(DeliveryOptions settings) =>
        Math.Min(settings.MaxInFlight - _requestsOpen.Count, (2 * settings.MaxInFlight) - _inFlight.Count);

    private static int MinimumClaim(DeliveryOptions settings) => Math.Max(1, Math.Min(settings.BatchSize, settings.MaxInFlight) / 2);

    /// <summary>
    /// A delivery whose attempts are used up yet is still pending had its last attempt cut short (its node died during it):
    /// it is dead-lettered rather than sent beyond <see cref="DeliveryOptions.MaxAttempts"/>, so a crash loop still ends.
    /// </summary>
    private static AttemptResult? GiveUpAfterCutAttempt(DeliveryWork work, DeliveryOptions settings) =>
        work.Attempt < settings.MaxAttempts
            ? null
            : new AttemptResult(DeliveryStatuses.Dead, null, null, $"gave up after {work.Attempt} attempts; the last one did not finish",
                null, TimeSpan.Zero, null);

    private AttemptResult CutShort(DateTimeOffset sentAt) => new(
        DeliveryStatuses.Pending, time.GetUtcNow(), null, "cut short: the node shut down during the attempt", sentAt, time.GetUtcNow() - sentAt,
        null);

    /// <summary>The lane key: scheme, host and port of the target (one app endpoint).</summary>
    private static string EndpointOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url;

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming deliveries failed")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} failed unexpectedly; it is retried when its claim runs out")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, long deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({WebhookId}) was claimed by another worker while it waited for a slot; not sent from here")]
    private static partial void LogClaimLost(ILogger logger, long deliveryId, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({WebhookId}) to {AppKey} ended {Status}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string webhookId, string appKey, string status, string? error);
}

using System.Text.Json;
using DynamicModules.Delivery;
using DynamicModules.Modules;
using DynamicModules.Storage;
using DynamicModules.Telemetry;
using Microsoft.Extensions.Logging;

namespace DynamicModules.Events;

/// <summary>
/// Publishes an event: matches it against the tenant's subscribers in memory, then inserts the event and one
/// outbox row per matching subscriber in one transaction (<see cref="EventStore"/>), so a 202 means every delivery is on disk. Idempotent by
/// (tenant, event id): a repeat returns the original's counts and queues nothing. The publish span's trace context is stored
/// with the event, so every delivery attempt continues the publish request's trace across the outbox.
/// </summary>
public sealed partial class EventPublisher(
    EventStore events,
    SubscriptionIndex index,
    DeliverySignal signal,
    ServiceMetrics metrics,
    TimeProvider time,
    ILogger<EventPublisher> logger)
{
    /// <summary>
    /// Publishes <paramref name="published"/> to the tenant with <paramref name="tenant"/>'s id and key; null when there is no such
    /// tenant (nothing is written then).
    /// </summary>
    /// <remarks>
    /// The subscribers come from the index as it is, without a read of the tenant's module version first: the insert checks it and
    /// writes nothing when the modules changed since (another node's registration this node has not heard of yet, or one that
    /// committed a moment ago), and the event is then matched again at least at the version the insert saw, which is the version
    /// a read before the match would have found. The second insert does not check again, so a tenant written to without pause
    /// still gets its event, matched as of a version current during the request.
    /// </remarks>
    public async Task<PublishResult?> PublishAsync((long Id, string Key) tenant, EventToPublish published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant.Key);
        ArgumentNullException.ThrowIfNull(published);
        using var activity = ServiceTracing.Source.StartActivity("publish event");
        activity?.SetTag("dynmod.tenant", tenant.Key);
        activity?.SetTag("dynmod.event.id", published.Id);
        activity?.SetTag("dynmod.event.type", published.Type.ForgeName);
        // The tenant's module version a stale insert saw; null until one has (then the subscribers are read at least as of it).
        long? insertSaw = null;
        while (true)
        {
            var subscriptions = await index.GetAsync(tenant.Id, insertSaw ?? 0, cancellationToken);
            var decisions = Match(subscriptions, published);
            var deliveries = decisions.Where(d => d.Deliver).Select(d => ToDelivery(d, published)).ToList();
            var skipped = decisions.Where(d => !d.Deliver)
                .Select(d => new { app = d.Subscription.AppKey, module = d.Subscription.ModuleKey, reason = d.Reason }).ToList();
            var now = UnixTime.ToMilliseconds(time.GetUtcNow());
            activity?.SetTag("dynmod.deliveries", deliveries.Count);
            // No look-up for a repeat first: the insert finds it (ON CONFLICT), so a new event, the common case, costs one round trip less.
            var (outcome, tenantVersion) = await events.InsertAsync(
                tenant, insertSaw is null ? subscriptions.ModuleVersion : long.MaxValue, published, deliveries, JsonSerializer.Serialize(skipped), now,
                ServiceTracing.CurrentContext(), cancellationToken);
            switch (outcome)
            {
                case EventInsertOutcome.NoTenant:
                    return null;
                case EventInsertOutcome.StaleSubscribers:
                    activity?.SetTag("dynmod.subscribers.stale", true);
                    insertSaw = tenantVersion;
                    continue;
                case EventInsertOutcome.Duplicate:
                    // A repeat, or another request with the same id committed first: its outcome stands, and nothing of this one is
                    // kept (nor counted or logged: the filters' errors were the original's to report).
                    activity?.SetTag("dynmod.event.duplicate", true);
                    return await events.FindAsync(tenant.Id, published.Id, cancellationToken)
                        ?? throw new InvalidOperationException($"Event {published.Id} conflicted but cannot be read.");
            }

            if (deliveries.Count > 0)
            {
                signal.Wake();
            }

            Report(tenant.Key, published, decisions);
            return new PublishResult(published.Id, deliveries.Count, skipped.Count, Duplicate: false);
        }
    }

    private void Report(string tenantKey, EventToPublish published, List<MatchDecision> decisions)
    {
        foreach (var decision in decisions.Where(d => d.FilterError is not null))
        {
            metrics.FilterError();
        }

        foreach (var decision in decisions.Where(d => d.LogFilterError))
        {
            LogFilterError(logger, decision.Subscription.AppKey, decision.Subscription.ModuleKey, published.Id, tenantKey, decision.FilterError,
                decision.Deliver);
        }
    }

    private static List<MatchDecision> Match(TenantSubscriptions subscriptions, EventToPublish published)
    {
        using var activity = ServiceTracing.Source.StartActivity("match subscribers");
        var decisions = CrossDialectDuplicates.Drop(
            EventMatcher.Match(subscriptions, published.Type, published.Payload, published.Actor), published.Payload);
        activity?.SetTag("dynmod.subscribers", decisions.Count);
        activity?.SetTag("dynmod.matched", decisions.Count(d => d.Deliver));
        return decisions;
    }

    private static NewDelivery ToDelivery(MatchDecision decision, EventToPublish published)
    {
        var subscription = decision.Subscription;
        var (url, error) = DeliveryTarget.Resolve(subscription.AppBaseUrl, subscription.TargetPath, published.Payload);
        var isWebhook = subscription.Kind == SubscriptionKind.Webhook;
        var selfGenerated = published.Actor?.AppKey is { } actingApp && string.Equals(actingApp, subscription.AppKey, StringComparison.Ordinal);
        return new NewDelivery(
            subscription.InstallationId, subscription.AppKey, subscription.ModuleKey, subscription.Kind,
            isWebhook ? published.Type.ConnectName! : published.Type.ForgeName, url, subscription.ExcludeBody, selfGenerated, decision.Reason,
            isWebhook ? null : decision.FilterError, error);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Filter of {AppKey}/{ModuleKey} failed on event {EventId} in {Tenant}: {Error} (delivered: {Delivered})")]
    private static partial void LogFilterError(ILogger logger, string appKey, string moduleKey, string eventId, string tenant, string? error, bool delivered);
}

using System.Text.Json;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Events;

/// <summary>
/// Decides, for one event, which of a tenant's subscribers get it. Pure and in-memory: the cost is the number
/// of subscribers to this event name in this tenant times their filters, whatever the other tenants hold. The payload is
/// read once for all of them (<see cref="EventSubscribers.Paths"/>), and each filter evaluates over the extracted values.
/// </summary>
public static class EventMatcher
{
    /// <summary>Every subscriber of <paramref name="type"/> in <paramref name="subscriptions"/> with its decision.</summary>
    public static List<MatchDecision> Match(TenantSubscriptions subscriptions, EventType type, JsonElement payload, EventActor? actor)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var subscribers = subscriptions.SubscribersOf(type);
        var decisions = new List<MatchDecision>(subscribers.Count);
        // Extracted on the first filter that needs it: events whose subscribers all skip early are never read.
        ExtractedPayload? extracted = null;
        try
        {
            for (var i = 0; i < subscribers.Count; i++)
            {
                decisions.Add(Decide(subscribers, in subscribers[i], type, payload, actor, ref extracted));
            }
        }
        finally
        {
            extracted?.Return();
        }

        return decisions;
    }

    private static MatchDecision Decide(
        EventSubscribers subscribers, in EventSubscribers.Subscriber subscriber, EventType type, JsonElement payload, EventActor? actor,
        ref ExtractedPayload? extracted)
    {
        var subscription = subscriber.Subscription;
        if (!subscriber.HasScope)
        {
            return new MatchDecision(subscription, false, $"skipped: the app lacks the {type.Scope} scope", null, false);
        }

        // The common case reads nothing but the subscriber entry: a filter to evaluate and no acting app.
        if (subscriber.Filter is { } filter && actor?.AppKey is null)
        {
            return Evaluate(subscribers, subscriber, filter, payload, ref extracted);
        }

        if (subscription.IgnoreSelf && actor?.AppKey is { } actingApp && string.Equals(actingApp, subscription.AppKey, StringComparison.Ordinal))
        {
            return new MatchDecision(subscription, false, "skipped: ignoreSelf and the event was caused by this app", null, false);
        }

        if (subscription.Filter is null)
        {
            return new MatchDecision(subscription, true, "matched: no filter", null, false);
        }

        if (subscriber.Filter is { } compiled)
        {
            return Evaluate(subscribers, subscriber, compiled, payload, ref extracted);
        }

        // Filters are checked at registration, so this only happens if the language changed under a stored module.
        return OnFilterError(subscription, "the filter no longer compiles: " + string.Join("; ", subscription.Filter.Errors.Select(e => e.Message)));
    }

    private static MatchDecision Evaluate(
        EventSubscribers subscribers, in EventSubscribers.Subscriber subscriber, BoundFilter filter, JsonElement payload, ref ExtractedPayload? extracted)
    {
        extracted ??= subscribers.Paths.Extract(payload);
        var outcome = filter.Evaluate(extracted);
        if (outcome.Error is null)
        {
            return outcome.Matched
                ? new MatchDecision(subscriber.Subscription, true, "matched: filter true", null, false)
                : new MatchDecision(subscriber.Subscription, false, "skipped: filter false", null, false);
        }

        return OnFilterError(subscriber.Subscription, outcome.Error);
    }

    private static MatchDecision OnFilterError(Subscription subscription, string error)
    {
        // Connect webhooks have no onError: a JQL filter that cannot be evaluated (e.g. no issue in the event) does not match.
        var handling = subscription.Kind == SubscriptionKind.Webhook ? FilterErrorHandling.IgnoreAndLog : subscription.OnError;
        return handling switch
        {
            FilterErrorHandling.Ignore => new MatchDecision(subscription, false, "skipped: filter error (IGNORE): " + error, error, false),
            FilterErrorHandling.IgnoreAndLog => new MatchDecision(subscription, false, "skipped: filter error (IGNORE_AND_LOG): " + error, error, true),
            FilterErrorHandling.Receive => new MatchDecision(subscription, true, "matched: filter error (RECEIVE): " + error, error, false),
            _ => new MatchDecision(subscription, true, "matched: filter error (RECEIVE_AND_LOG): " + error, error, true),
        };
    }
}

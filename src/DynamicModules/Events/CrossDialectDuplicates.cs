using System.Text.Json;
using DynamicModules.Delivery;
using DynamicModules.Modules;

namespace DynamicModules.Events;

/// <summary>
/// The rule that keeps an app subscribed under both dialects from getting an event twice (DESIGN §4.6): per installation
/// and event, when a Forge trigger and a Connect webhook both match and deliver to the same URL, only the trigger's
/// delivery is queued; the webhook is skipped, with the reason naming the trigger. That covers an adopted app whose
/// manifest declares a trigger for what its old dynamic (or static) webhook already receives, and a webhook kept as a
/// Connect module next to migrated triggers. Webhooks to other URLs, and several modules of one dialect, are unchanged.
/// </summary>
public static class CrossDialectDuplicates
{
    /// <summary>
    /// <paramref name="decisions"/> with each delivering webhook that duplicates a delivering trigger of the same installation
    /// (same resolved URL for <paramref name="payload"/>) turned into a skip. Returns the list itself when nothing is dropped.
    /// </summary>
    public static List<MatchDecision> Drop(List<MatchDecision> decisions, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        // The common case reads nothing more: an event that does not reach both dialects of some app.
        if (!decisions.Exists(d => d.Deliver && d.Subscription.Kind == SubscriptionKind.Trigger)
            || !decisions.Exists(d => d.Deliver && d.Subscription.Kind == SubscriptionKind.Webhook))
        {
            return decisions;
        }

        var triggerTargets = new Dictionary<(long InstallationId, string Url), string>();
        foreach (var decision in decisions.Where(d => d.Deliver && d.Subscription.Kind == SubscriptionKind.Trigger))
        {
            if (UrlOf(decision.Subscription, payload) is { } url)
            {
                triggerTargets.TryAdd((decision.Subscription.InstallationId, url), decision.Subscription.ModuleKey);
            }
        }

        var result = new List<MatchDecision>(decisions.Count);
        foreach (var decision in decisions)
        {
            var subscription = decision.Subscription;
            if (decision.Deliver && subscription.Kind == SubscriptionKind.Webhook && UrlOf(subscription, payload) is { } url
                && triggerTargets.TryGetValue((subscription.InstallationId, url), out var trigger))
            {
                result.Add(decision with
                {
                    Deliver = false,
                    Reason = $"skipped: the app's trigger {trigger} receives this event at the same URL (one delivery per app, event and URL)",
                    FilterError = null,
                    LogFilterError = false,
                });
                continue;
            }

            result.Add(decision);
        }

        return result;
    }

    private static string? UrlOf(Subscription subscription, JsonElement payload) =>
        DeliveryTarget.Resolve(subscription.AppBaseUrl, subscription.TargetPath, payload).Url;
}

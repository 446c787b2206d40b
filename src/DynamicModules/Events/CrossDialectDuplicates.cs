using System.Text.Json;
using DynamicModules.Delivery;
using DynamicModules.Modules;

namespace DynamicModules.Events;

/// <summary>
/// The rule that keeps an app subscribed under both dialects from getting an event twice (DESIGN §4.6): per installation,
/// event and target URL, once a Forge trigger delivers there, that is the one delivery. The first matching trigger (static
/// before dynamic, then in registration order) gets it. Skipped, with a reason naming it: Connect webhooks of the same app
/// at that URL (an adopted app whose manifest declares a trigger for what its old webhook receives, or a webhook kept as a
/// Connect module next to migrated triggers), and triggers there when either they or the delivering one were made by a
/// migration (a migrated trigger next to a manifest trigger at the same endpoint). Two triggers the app declared itself
/// both deliver, as in Forge; webhooks at URLs no trigger of the app delivers to are unchanged.
/// </summary>
public static class CrossDialectDuplicates
{
    /// <summary>
    /// <paramref name="decisions"/> with the duplicates of a delivering trigger (same installation, same URL resolved for
    /// <paramref name="payload"/>) turned into skips. Returns the list itself when nothing is dropped.
    /// </summary>
    public static List<MatchDecision> Drop(List<MatchDecision> decisions, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        // The common case reads nothing more: no trigger delivers, or only one subscriber does.
        if (decisions.Count < 2 || !decisions.Exists(d => d.Deliver && d.Subscription.Kind == SubscriptionKind.Trigger))
        {
            return decisions;
        }

        var urls = decisions.Select(d => d.Deliver ? UrlOf(d.Subscription, payload) : null).ToArray();
        var keepers = new Dictionary<(long InstallationId, string Url), int>();
        for (var i = 0; i < decisions.Count; i++)
        {
            if (urls[i] is { } url && decisions[i].Subscription.Kind == SubscriptionKind.Trigger)
            {
                keepers.TryAdd((decisions[i].Subscription.InstallationId, url), i);
            }
        }

        List<MatchDecision>? result = null;
        for (var i = 0; i < decisions.Count; i++)
        {
            if (urls[i] is { } url && keepers.TryGetValue((decisions[i].Subscription.InstallationId, url), out var keeper) && keeper != i
                && IsDuplicate(decisions[i].Subscription, decisions[keeper].Subscription))
            {
                result ??= [.. decisions];
                result[i] = decisions[i] with
                {
                    Deliver = false,
                    Reason = $"skipped: the app's trigger {decisions[keeper].Subscription.ModuleKey} gets this event at the same URL (one delivery per app, event and URL)",
                    FilterError = null,
                    LogFilterError = false,
                };
            }
        }

        return result ?? decisions;
    }

    // Only what the two dialects or a migration add is a duplicate; triggers the app declared itself keep Forge's semantics.
    private static bool IsDuplicate(Subscription candidate, Subscription keeper) =>
        candidate.Kind != SubscriptionKind.Trigger || candidate.IsMigrated || keeper.IsMigrated;

    private static string? UrlOf(Subscription subscription, JsonElement payload) =>
        DeliveryTarget.Resolve(subscription.AppBaseUrl, subscription.TargetPath, payload).Url;
}

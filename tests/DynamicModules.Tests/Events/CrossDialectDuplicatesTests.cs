using System.Text.Json;
using DynamicModules.Events;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Events;

/// <summary>
/// The one-delivery rule for apps subscribed under both dialects: per installation, event and URL, a delivering trigger is
/// the one delivery; webhooks of Connect apps without such a trigger are untouched.
/// </summary>
public sealed class CrossDialectDuplicatesTests
{
    private static readonly JsonElement Payload = JsonDocument.Parse("""{"issue":{"key":"PROJ-7"}}""").RootElement.Clone();

    private static MatchDecision Delivering(long installation, string key, SubscriptionKind kind, string path, string baseUrl = "https://app.example.com/base") =>
        new(new Subscription(installation, "app-" + installation, key, kind, true, baseUrl, new HashSet<string>(), path, null,
            FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: false), true, "matched: no filter", null, false);

    [Fact]
    public void AWebhookAtTheUrlOfATriggerOfTheSameAppIsSkippedNamingTheTrigger()
    {
        List<MatchDecision> decisions =
        [
            Delivering(1, "on-updated", SubscriptionKind.Trigger, "/hooks/updated"),
            Delivering(1, "issue-hook", SubscriptionKind.Webhook, "/hooks/updated"),
            Delivering(1, "other-hook", SubscriptionKind.Webhook, "/hooks/other"),
        ];

        var result = CrossDialectDuplicates.Drop(decisions, Payload);

        result.Select(d => d.Deliver).ShouldBe([true, false, true]);
        result[1].Reason.ShouldContain("trigger on-updated");
    }

    [Fact]
    public void AMigratedTriggerAtTheUrlOfAManifestTriggerIsSkippedTheFirstDelivers()
    {
        List<MatchDecision> decisions =
        [
            Delivering(1, "static", SubscriptionKind.Trigger, "/hooks/updated"),
            Migrated(Delivering(1, "migrated", SubscriptionKind.Trigger, "/hooks/updated")),
        ];

        CrossDialectDuplicates.Drop(decisions, Payload).Select(d => d.Deliver).ShouldBe([true, false]);
    }

    [Fact]
    public void TwoTriggersTheAppDeclaredItselfAtOneUrlBothDeliverAsInForge()
    {
        List<MatchDecision> decisions =
        [
            Delivering(1, "static", SubscriptionKind.Trigger, "/hooks/updated"),
            Delivering(1, "dynamic", SubscriptionKind.Trigger, "/hooks/updated"),
            Delivering(1, "old-webhook", SubscriptionKind.Webhook, "/hooks/updated"),
        ];

        CrossDialectDuplicates.Drop(decisions, Payload).Select(d => d.Deliver).ShouldBe([true, true, false]);
    }

    private static MatchDecision Migrated(MatchDecision decision) =>
        decision with { Subscription = decision.Subscription with { IsMigrated = true } };

    [Fact]
    public void WebhooksWithoutATriggerAndOtherAppsAtTheSameUrlAreUnchanged()
    {
        List<MatchDecision> connectOnly =
        [
            Delivering(1, "a", SubscriptionKind.Webhook, "/hooks/{issue.key}"),
            Delivering(1, "b", SubscriptionKind.Webhook, "/hooks/PROJ-7"),
        ];
        CrossDialectDuplicates.Drop(connectOnly, Payload).ShouldBeSameAs(connectOnly);

        List<MatchDecision> twoApps =
        [
            Delivering(1, "t", SubscriptionKind.Trigger, "/hooks/updated"),
            Delivering(2, "w", SubscriptionKind.Webhook, "/hooks/updated"),
        ];
        CrossDialectDuplicates.Drop(twoApps, Payload).Select(d => d.Deliver).ShouldBe([true, true]);
    }

    [Fact]
    public void TemplatedWebhookUrlsAreComparedAsResolvedForTheEvent()
    {
        List<MatchDecision> decisions =
        [
            Delivering(1, "hook", SubscriptionKind.Webhook, "/hooks/{issue.key}"),
            Delivering(1, "trigger", SubscriptionKind.Trigger, "/hooks/PROJ-7"),
        ];

        CrossDialectDuplicates.Drop(decisions, Payload).Select(d => d.Deliver).ShouldBe([false, true]);
    }
}

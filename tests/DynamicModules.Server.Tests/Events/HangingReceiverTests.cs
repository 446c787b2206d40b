using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// A receiver that hangs on every third request, a lease only a little longer than the send timeout and more events for
/// one endpoint than its concurrency limit lets through at once: deliveries wait for a slot far longer than the lease.
/// No delivery may be sent while its previous attempt is open, and every request sent must be in the delivery log.
/// Real time on purpose: the hangs end by the service's own send timeout, which is what is under test.
/// </summary>
public sealed class HangingReceiverTests(ITestOutputHelper output)
{
    private const int Events = 45;

    private static readonly Dictionary<string, string> ShortLease = new()
    {
        ["DynamicModules:Delivery:Timeout"] = "00:00:00.250",
        ["DynamicModules:Delivery:Lease"] = "00:00:01.500",
        ["DynamicModules:Delivery:PerEndpointConcurrency"] = "2",
        ["DynamicModules:Delivery:BatchSize"] = "32",
        ["DynamicModules:Delivery:MaxAttempts"] = "10",
        ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.010",
        ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.050",
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task NoDeliveryIsSentTwiceAtOnceAndEverySendIsLogged(string engine)
    {
        var modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
        await using var scenario = await EventScenario.StartAsync(engine, modules, ShortLease, realTime: true);
        var ledger = new ReceiverLedger { HangEvery = 3 };
        ledger.AttachTo(scenario.App);

        for (var i = 0; i < Events; i++)
        {
            await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: $"evt-{i}");
        }

        await scenario.WaitForSettledAsync(Events);
        // Settled and idle: no request of this test can still be open or yet to come.
        await scenario.IdleAsync();
        var deliveries = await scenario.DeliveriesAsync("?limit=500");

        var unlogged = 0;
        var countMismatch = 0;
        var loggedOverlaps = 0;
        foreach (var delivery in deliveries)
        {
            var webhookId = delivery!["webhookId"]!.GetValue<string>();
            var listed = delivery["attempts"]!.AsArray().Count;
            var sent = ledger.Entries.TryGetValue(webhookId, out var entry) ? entry.Requests : 0;
            unlogged += Math.Max(0, sent - listed);
            countMismatch += sent != listed || delivery["attemptCount"]!.GetValue<int>() != listed ? 1 : 0;
            loggedOverlaps += LoggedOverlaps(delivery["attempts"]!.AsArray());
        }

        var summary = $"{engine}: {Events} deliveries, {ledger.Entries.Values.Sum(e => e.Requests)} requests, {ledger.Hung} hung; " +
            $"duplicate 2xx {ledger.Duplicate2xx}, overlapping {ledger.Overlapping}, unlogged sends {unlogged}, count mismatches {countMismatch}, " +
            $"attempts logged as starting before the previous one ended {loggedOverlaps}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        ledger.Hung.ShouldBeGreaterThan(Events / 4, summary);
        deliveries.ShouldAllBe(d => d!["status"]!.GetValue<string>() == "succeeded", summary);
        ledger.Duplicate2xx.ShouldBe(0, summary);
        ledger.Overlapping.ShouldBe(0, summary);
        unlogged.ShouldBe(0, summary);
        countMismatch.ShouldBe(0, summary);
        loggedOverlaps.ShouldBe(0, summary);
    }

    /// <summary>The service's own view: each attempt starts after the previous one's start plus its duration (2 ms for rounding).</summary>
    private static int LoggedOverlaps(JsonArray attempts)
    {
        var overlaps = 0;
        for (var i = 1; i < attempts.Count; i++)
        {
            var previousEnd = DateTimeOffset.Parse(attempts[i - 1]!["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                .AddMilliseconds(attempts[i - 1]!["durationMs"]!.GetValue<long>() - 2);
            var start = DateTimeOffset.Parse(attempts[i]!["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            overlaps += start < previousEnd ? 1 : 0;
        }

        return overlaps;
    }
}

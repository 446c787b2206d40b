using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Apps;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// The claim of <see cref="DeliveryStore"/> driven directly, with the service's worker off: what a claimed delivery carries (the
/// installation's current secrets and descriptor, with the cached copies reused) and what the claim writes (lease, claim token,
/// attempt counts, log rows, refusals settled).
/// </summary>
public sealed class DeliveryClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static readonly Dictionary<string, string> WorkerOff = new() { ["DynamicModules:Delivery:WorkerEnabled"] = "false" };

    private static JsonObject OneWebhook(string url) => new()
    {
        ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", url)),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AReinstallMidBacklogIsSignedWithTheNewSecretAndReadWithTheNewDescriptor(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook("/hooks/first"), WorkerOff);
        var store = scenario.Host.App.Services.GetRequiredService<DeliveryStore>();
        var cache = scenario.Host.App.Services.GetRequiredService<AppDescriptorCache>();
        var firstSecret = scenario.App.SharedSecret;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-1"));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-2"));

        var first = (await ClaimAsync(store, "one", limit: 1)).Begun.ShouldHaveSingleItem();
        first.SharedSecret.ShouldBe(firstSecret);
        first.Descriptor.ShouldContain("/hooks/first");

        // A new descriptor version and a new shared secret arrive with one delivery of the old version still queued.
        scenario.App.Modules = OneWebhook("/hooks/second");
        await scenario.InstallAsync();
        var secondSecret = scenario.App.SharedSecret;
        secondSecret.ShouldNotBe(firstSecret);
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-3"));

        var rest = (await ClaimAsync(store, "two", limit: 10)).Begun;
        rest.Count.ShouldBe(2);
        foreach (var work in rest)
        {
            // Every delivery is sent as the installation is now: its current secret and descriptor version.
            work.SharedSecret.ShouldBe(secondSecret);
            work.DescriptorVersion.ShouldBe(first.DescriptorVersion + 1);
            work.Descriptor.ShouldContain("/hooks/second");
            work.Descriptor.ShouldNotContain("/hooks/first");
        }

        // Once the version is in the descriptor cache (sending parses it there), a claim takes the cache's copy of the text rather
        // than reading it from the database again.
        cache.Get(rest[0].InstallationId, rest[0].DescriptorVersion, rest[0].Descriptor);
        cache.TryGetStoredJson(rest[0].InstallationId, rest[0].DescriptorVersion, out var cachedText).ShouldBeTrue();
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-4"));
        var last = (await ClaimAsync(store, "three", limit: 10)).Begun.ShouldHaveSingleItem();
        ReferenceEquals(last.Descriptor, cachedText).ShouldBeTrue();
        last.SharedSecret.ShouldBe(secondSecret);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AClaimLeasesAndCountsWhatBeginsAndSettlesWhatItRefusesWithoutCountingIt(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook("/hooks/{issue.key}"), WorkerOff);
        var store = scenario.Host.App.Services.GetRequiredService<DeliveryStore>();
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-1"));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "REFUSED-1"));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "PROJ-2"));
        var refusal = new AttemptResult(DeliveryStatuses.Dead, null, null, "refused: test", null, TimeSpan.Zero, null);

        var claim = await ClaimAsync(store, "claim-1", limit: 10,
            work => work.TargetUrl.Contains("REFUSED", StringComparison.Ordinal) ? refusal : null);

        claim.Count.ShouldBe(3);
        claim.Begun.Count.ShouldBe(2);
        claim.Begun.ShouldAllBe(work => work.Attempt == 1 && work.AttemptRowId != null && work.ClaimToken == "claim-1");
        claim.Settled.ShouldHaveSingleItem().Work.TargetUrl.ShouldContain("REFUSED-1");
        var rows = await RowsAsync(scenario);
        rows.Single(row => row.TargetUrl.Contains("REFUSED", StringComparison.Ordinal)).ShouldBe(
            new Row(claim.Settled[0].Work.Id, claim.Settled[0].Work.TargetUrl, DeliveryStatuses.Dead, 0, null, null));
        var leasedUntil = UnixTime.ToMilliseconds(scenario.Clock!.GetUtcNow() + Lease);
        foreach (var work in claim.Begun)
        {
            rows.Single(row => row.Id == work.Id).ShouldBe(new Row(work.Id, work.TargetUrl, DeliveryStatuses.Pending, 1, "claim-1", leasedUntil));
        }

        (await AttemptRowsAsync(scenario)).ShouldBe(claim.Begun.Select(work => (work.Id, 1L)).Order().ToList());

        // Leased: nothing more to claim until the lease ends, and then the same two with their second attempt (the first one stays
        // listed as unfinished: its node never wrote an outcome).
        (await ClaimAsync(store, "claim-2", limit: 10)).Count.ShouldBe(0);
        scenario.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var retaken = await ClaimAsync(store, "claim-3", limit: 10);
        retaken.Begun.Select(work => (work.Id, work.Attempt)).Order().ShouldBe(claim.Begun.Select(work => (work.Id, 2)).Order());
        (await AttemptRowsAsync(scenario)).Count.ShouldBe(4);

        // The outcome under the old claim no longer lands; under the current one it does.
        var outcome = new AttemptResult(DeliveryStatuses.Succeeded, null, 200, null, scenario.Clock.GetUtcNow(), TimeSpan.Zero, null);
        (await store.SettleAsync([(claim.Begun[0], outcome)], CancellationToken.None)).ShouldBe([false]);
        var current = retaken.Begun.Single(work => work.Id == claim.Begun[0].Id);
        (await store.SettleAsync([(current, outcome)], CancellationToken.None)).ShouldBe([true]);
        (await RowsAsync(scenario)).Single(row => row.Id == current.Id).Status.ShouldBe(DeliveryStatuses.Succeeded);
    }

    private static Task<DeliveryClaim> ClaimAsync(
        DeliveryStore store, string token, int limit, Func<DeliveryWork, AttemptResult?>? refusal = null) =>
        store.ClaimAsync(token, Lease, limit, [], refusal ?? (_ => null), CancellationToken.None);

    private sealed record Row(long Id, string TargetUrl, string Status, long AttemptCount, string? ClaimedBy, long? LockedUntil);

    private static async Task<List<Row>> RowsAsync(EventScenario scenario)
    {
        await using var connection = await scenario.Host.App.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<(long, string, string, long, string?, long?)>(
                "SELECT id, target_url, status, attempt_count, claimed_by, locked_until FROM deliveries ORDER BY id"))
            .Select(row => new Row(row.Item1, row.Item2, row.Item3, row.Item4, row.Item5, row.Item6)).ToList();
    }

    private static async Task<List<(long DeliveryId, long Attempt)>> AttemptRowsAsync(EventScenario scenario)
    {
        await using var connection = await scenario.Host.App.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<(long, long)>("SELECT delivery_id, attempt FROM delivery_attempts ORDER BY delivery_id, attempt"))
            .ToList();
    }
}

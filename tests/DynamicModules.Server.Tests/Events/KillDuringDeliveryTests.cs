using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// The built server as a real process, killed with SIGKILL while requests are open at the app, then started again on the
/// same data: every accepted event is still delivered, only the attempts the kill cut short are sent twice, and the log
/// lists every request (the cut ones as unfinished). Real time: the restarted node takes over the dead node's claims when
/// their leases run out.
/// </summary>
public sealed class KillDuringDeliveryTests(ITestOutputHelper output)
{
    private const int Events = 30;
    private const int AnsweredBeforeKill = 10;
    private const int Slots = 4;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Long enough that a held request is still open when the kill comes; the restarted node waits out the lease.
        ["DynamicModules:Delivery:Timeout"] = "00:00:03",
        ["DynamicModules:Delivery:Lease"] = "00:00:07",
        ["DynamicModules:Delivery:PollInterval"] = "00:00:00.100",
        ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
        ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
        ["DynamicModules:Delivery:MaxAttempts"] = "10",
        ["DynamicModules:Delivery:PerEndpointConcurrency"] = $"{Slots}",
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task EveryAcceptedEventIsDeliveredAfterAKillAndOnlyCutAttemptsAreRepeated(string engine)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dm-tests", Guid.NewGuid().ToString("N"));
        var postgres = engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        try
        {
            await using var app = await FakeConnectApp.StartAsync();
            app.Modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
            var ledger = new ReceiverLedger { HoldAfter = AnsweredBeforeKill };
            ledger.AttachTo(app);

            string tenant;
            int openAtKill;
            await using (var first = await ServerProcess.StartAsync(engine, dataDirectory, postgres, Settings))
            {
                app.KeyServer = first.BaseUrl;
                tenant = await InstallAsync(first, app);
                for (var i = 0; i < Events; i++)
                {
                    var body = new JsonObject { ["id"] = $"evt-{i}", ["type"] = "avi:jira:created:issue", ["payload"] = EventScenario.IssuePayload() };
                    ((int)(await first.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/events", body)).StatusCode).ShouldBe(202);
                }

                // The first ones answered and settled, every endpoint slot open at the app (held there), the rest claimed or
                // queued: kill it now. Waiting for the settles keeps "answered but not yet written down" out of this test.
                await EventuallyAsync(
                    async () => ledger.Open.Count == Slots &&
                        (await DeliveriesAsync(first, tenant)).Count(d => d!["status"]!.GetValue<string>() == DeliveryStatuses.Succeeded) == AnsweredBeforeKill,
                    "answered deliveries settled and every slot held open", first);
                openAtKill = ledger.Open.Count;
                await first.KillAsync();
            }

            ledger.StopHolding();
            await using var second = await ServerProcess.StartAsync(engine, dataDirectory, postgres, Settings);
            app.KeyServer = second.BaseUrl;
            JsonArray deliveries = [];
            await EventuallyAsync(async () =>
            {
                deliveries = await DeliveriesAsync(second, tenant);
                return deliveries.Count == Events && deliveries.All(d => d!["status"]!.GetValue<string>() != DeliveryStatuses.Pending);
            }, "every delivery settled after the restart", second);

            var report = $"{openAtKill} requests open at the kill; " + Check(deliveries, ledger);
            output.WriteLine($"{engine}: {report}");
            Console.WriteLine($"kill -9 {engine}: {report}");
            openAtKill.ShouldBe(Slots, report);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Asserts the outcome and returns the figures for the report. An attempt cut by the kill is the one the log lists as
    /// unfinished (its outcome was never written); held requests can also time out before the kill, which is an ordinary,
    /// logged attempt. Held requests are never answered, so no delivery may get a second 2xx.
    /// </summary>
    private static string Check(JsonArray deliveries, ReceiverLedger ledger)
    {
        var cut = 0;
        var cutBeforeSending = 0;
        var repeated = 0;
        foreach (var delivery in deliveries)
        {
            var webhookId = delivery!["webhookId"]!.GetValue<string>();
            var attempts = delivery["attempts"]!.AsArray();
            var seen = ledger.Entries[webhookId];
            var context = $"{webhookId}: {seen.Requests} requests, {seen.Answered2xx} answered 2xx: {delivery.ToJsonString()}";
            delivery["status"]!.GetValue<string>().ShouldBe(DeliveryStatuses.Succeeded, context);
            delivery["attemptCount"]!.GetValue<int>().ShouldBe(attempts.Count, context);
            seen.Answered2xx.ShouldBe(1, context);
            var unfinished = attempts.Count(a => a!["error"]?.GetValue<string>() == DeliveryStore.UnfinishedAttempt);
            unfinished.ShouldBeLessThanOrEqualTo(1, context);
            if (unfinished == 0)
            {
                seen.Requests.ShouldBe(attempts.Count, "a request the log does not list, or an attempt without a request: " + context);
                continue;
            }

            // Cut by the kill: its request was open at the app, or it was logged and the kill came before the request left.
            seen.Requests.ShouldBeInRange(attempts.Count - 1, attempts.Count, "a request the log does not list: " + context);
            cut++;
            cutBeforeSending += attempts.Count - seen.Requests;
            repeated += seen.Requests > 1 ? 1 : 0;
        }

        cut.ShouldBeGreaterThan(0, "the kill cut no attempt");
        return $"{deliveries.Count} events accepted, all delivered (one 2xx each, duplicate 2xx 0), {cut} attempts cut by the kill " +
            $"({cutBeforeSending} before their request left), {repeated} deliveries sent again after a cut, " +
            $"{ledger.Entries.Values.Sum(e => e.Requests)} requests, unlogged sends 0";
    }

    private static async Task<string> InstallAsync(ServerProcess server, FakeConnectApp app)
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        (await server.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}", new { productType = "jira", displayName = "Kill test" })).EnsureSuccessStatusCode();
        var install = await server.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptorUrl = app.BaseUrl + "/atlassian-connect.json" });
        install.IsSuccessStatusCode.ShouldBeTrue(await install.Content.ReadAsStringAsync());
        return tenant;
    }

    private static async Task<JsonArray> DeliveriesAsync(ServerProcess server, string tenant) =>
        (await server.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant}/deliveries?limit=500"))!["deliveries"]!.AsArray();

    /// <summary>Polls a condition of another process (no in-process signal reaches across); fails after <see cref="Guard"/>.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, ServerProcess server)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Guard)
            {
                throw new TimeoutException($"Not reached within {Guard}: {what}. Server output:\n{server.Output}");
            }

            await Task.Delay(50);
        }
    }
}

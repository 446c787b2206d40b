using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;
using Npgsql;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// A publish reads no tenant row before it matches: its insert checks the tenant's module version and matches again when the
/// modules changed meanwhile, and on PostgreSQL the one statement announces new work only when it inserted some.
/// </summary>
public sealed class PublishConsistencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task APublishMatchesTheModulesOfAChangeThisNodeHasNotHeardOf(string engine)
    {
        var modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
        await using var scenario = await EventScenario.StartAsync(engine, modules, new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:WorkerEnabled"] = "false",
        });
        // The first publish loads the tenant's subscribers into this node's index.
        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "before"))["deliveries"]!.GetValue<int>()
            .ShouldBe(1);

        // Another writer (a second node, whose notification has not arrived) disables the app and bumps the module version; this
        // node's index still holds the webhook.
        await using (var connection = await scenario.Host.App.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE installations SET state = 'disabled'");
            await connection.ExecuteAsync("UPDATE tenants SET module_version = module_version + 1");
        }

        var after = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "after");

        after["deliveries"]!.GetValue<int>().ShouldBe(0);
        (await scenario.DeliveriesAsync()).Count.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task APublishToATenantThatDoesNotExistIs404AndWritesNothing(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject());

        var response = await scenario.PublishAsync(
            new { id = "e1", type = "avi:jira:created:issue", payload = EventScenario.IssuePayload() }, tenant: "no-such-tenant");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("No tenant 'no-such-tenant'");
        await using var connection = await scenario.Host.App.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM events")).ShouldBe(0);
    }

    [Fact]
    public async Task ARepeatedEventIdAnnouncesNothing()
    {
        if (TestDatabases.PostgresConnectionString is null && !TestDatabases.PostgresRequired)
        {
            Assert.Skip("Needs PostgreSQL (DYNMOD_TEST_POSTGRES).");
        }

        var modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
        await using var scenario = await EventScenario.StartAsync("postgres", modules, new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:WorkerEnabled"] = "false",
        });
        await using var listener = new NpgsqlConnection(scenario.Postgres);
        await listener.OpenAsync();
        var heard = new List<string>();
        listener.Notification += (_, notification) => heard.Add(notification.Payload);
        await listener.ExecuteAsync($"LISTEN {DeliveryWakeListener.Channel}");

        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "once");
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "once");
        // Notifications arrive in commit order: once the marker sent after both publishes is heard, all theirs have been too.
        await listener.ExecuteAsync($"NOTIFY {DeliveryWakeListener.Channel}, 'marker'");
        while (!heard.Contains("marker"))
        {
            (await listener.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("no notification within 30 s");
        }

        heard.Count(payload => payload != "marker").ShouldBe(1);
    }
}

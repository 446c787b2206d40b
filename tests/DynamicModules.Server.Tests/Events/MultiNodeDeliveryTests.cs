using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>Several server nodes on one PostgreSQL: the claim query must hand each attempt to exactly one node.</summary>
public sealed class MultiNodeDeliveryTests
{
    [Fact]
    public async Task TwoNodesSharingOnePostgresDeliverEveryEventExactlyOnce()
    {
        if (TestDatabases.PostgresConnectionString is null && Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_POSTGRES") != "1")
        {
            Assert.Skip("Needs PostgreSQL (DYNMOD_TEST_POSTGRES).");
        }

        var modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
        await using var scenario = await EventScenario.StartAsync("postgres", modules);
        var secondNode = await scenario.StartOtherNodeAsync();

        const int events = 60;
        for (var i = 0; i < events; i++)
        {
            var node = i % 2 == 0 ? scenario.Host.Operator : secondNode.Operator;
            var body = new JsonObject { ["id"] = $"evt-{i}", ["type"] = "avi:jira:created:issue", ["payload"] = EventScenario.IssuePayload() };
            (await node.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/events", body)).EnsureSuccessStatusCode();
        }

        var deliveries = await scenario.WaitForSettledAsync(events);
        // Both workers idle: a double delivery, if there were one, has arrived before counting.
        await scenario.IdleAsync();

        var received = scenario.App.ReceivedAt("/hooks/created").ToList();
        received.Count.ShouldBe(events);
        received.Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(events);
        deliveries.Count.ShouldBe(events);
        deliveries.ShouldAllBe(d => d!["status"]!.GetValue<string>() == "succeeded" && d["attempts"]!.AsArray().Count == 1);
    }

    [Fact]
    public async Task AnEventPublishedOnOneNodeIsDeliveredByAnotherWithoutWaitingForItsPoll()
    {
        if (TestDatabases.PostgresConnectionString is null && Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_POSTGRES") != "1")
        {
            Assert.Skip("Needs PostgreSQL (DYNMOD_TEST_POSTGRES).");
        }

        // The fake clock never moves in this test, so a poll never comes: only a wake from the publishing node can start node B.
        var noPoll = new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:PollInterval"] = "00:05:00",
            ["DynamicModules:Delivery:Lease"] = "00:10:00",
        };
        var modules = new JsonObject { ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")) };
        await using var scenario = await EventScenario.StartAsync(
            "postgres", modules, new Dictionary<string, string>(noPoll) { ["DynamicModules:Delivery:WorkerEnabled"] = "false" });
        var merged = new Dictionary<string, string>(EventScenario.FastDelivery);
        foreach (var (key, value) in noPoll)
        {
            merged[key] = value;
        }

        var nodeB = await ServiceHost.StartAsync("postgres", merged, postgresConnectionString: scenario.Postgres, clock: scenario.Clock);
        scenario.OtherNodes.Add(nodeB);
        await nodeB.App.Services.GetRequiredService<DeliveryWakeListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var arrived = new TaskCompletionSource<ReceivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.App.BeforeDeliveryAnswer = (request, _) =>
        {
            arrived.TrySetResult(request);
            return Task.CompletedTask;
        };
        var clockBefore = scenario.Clock!.GetUtcNow();

        var published = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "evt-wake");

        published["deliveries"]!.GetValue<int>().ShouldBe(1);
        // A guard against hanging, not a delay: the request comes as soon as node B hears of the commit.
        var request = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        request.Path.ShouldBe("/hooks/created");
        scenario.Clock.GetUtcNow().ShouldBe(clockBefore);
        // Node A has no worker (it never reports idle); node B settles the delivery.
        await nodeB.App.Services.GetRequiredService<DeliveryDispatcher>().WaitUntilIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var delivery = (await scenario.DeliveriesAsync()).Single()!;
        delivery["status"]!.GetValue<string>().ShouldBe(DeliveryStatuses.Succeeded);
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
}

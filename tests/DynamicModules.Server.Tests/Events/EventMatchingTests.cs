using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>Which subscribers an event reaches: webhooks and triggers, filters, onError, ignoreSelf, enabled apps only.</summary>
public sealed class EventMatchingTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task OnePublishReachesAConnectWebhookAndAForgeTriggerWithTheirOwnBodies(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("on-created", "jira:issue_created", "/hooks/created")),
            ["trigger"] = new JsonArray(EventScenario.Trigger("created-trigger", "fn-on-event", "avi:jira:created:issue")),
            ["function"] = EventScenario.Functions("fn-on-event"),
        });

        var published = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), new { accountId = "user-1" });
        published["deliveries"]!.GetValue<int>().ShouldBe(2);

        var webhook = (await scenario.WaitForRequestsAsync("/hooks/created", 1)).Single();
        webhook.Body!["webhookEvent"]!.GetValue<string>().ShouldBe("jira:issue_created");
        webhook.Body["timestamp"]!.GetValue<long>().ShouldBeGreaterThan(0);
        webhook.Body["issue"]!["key"]!.GetValue<string>().ShouldBe("PROJ-1");

        var trigger = (await scenario.WaitForRequestsAsync("/functions/fn-on-event", 1)).Single();
        trigger.Body!["eventType"]!.GetValue<string>().ShouldBe("avi:jira:created:issue");
        trigger.Body["issue"]!["key"]!.GetValue<string>().ShouldBe("PROJ-1");
        trigger.Body["atlassianId"]!.GetValue<string>().ShouldBe("user-1");
        trigger.Body["selfGenerated"]!.GetValue<bool>().ShouldBeFalse();
        trigger.Body["context"]!["cloudId"]!.GetValue<string>().ShouldBe(scenario.ClientKey);

        var deliveries = await scenario.WaitForSettledAsync(2);
        deliveries.Select(d => d!["status"]!.GetValue<string>()).ShouldAllBe(status => status == "succeeded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task JqlFiltersOnStaticWebhooksSelectTheMatchingOnes(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(
                EventScenario.Webhook("proj", "jira:issue_updated", "/hooks/proj", "project = PROJ AND issuetype = Bug"),
                EventScenario.Webhook("other", "jira:issue_updated", "/hooks/other", "project = OTHER"),
                EventScenario.Webhook("all", "jira:issue_updated", "/hooks/all"),
                EventScenario.Webhook("created-only", "jira:issue_created", "/hooks/created")),
        });

        var published = await scenario.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload());
        published["deliveries"]!.GetValue<int>().ShouldBe(2);
        published["skipped"]!.GetValue<int>().ShouldBe(1);

        var deliveries = await scenario.WaitForSettledAsync(2);
        deliveries.Select(d => d!["moduleKey"]!.GetValue<string>()).Order().ShouldBe(["all", "proj"]);
        scenario.App.ReceivedAt("/hooks/other").ShouldBeEmpty();
        scenario.App.ReceivedAt("/hooks/created").ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ExpressionFiltersAndOnErrorModesDecideWhichTriggersFire(string engine)
    {
        const string failing = "event.issue.fields.nothing.name == 'x'";
        JsonObject Filter(string expression, string? onError = null)
        {
            var filter = new JsonObject { ["expression"] = expression };
            if (onError is not null)
            {
                filter["onError"] = onError;
            }

            return filter;
        }

        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["trigger"] = new JsonArray(
                EventScenario.Trigger("bugs", "fn-bugs", "avi:jira:updated:issue", Filter("event.issue.fields.issuetype.name == 'Bug'")),
                EventScenario.Trigger("stories", "fn-stories", "avi:jira:updated:issue", Filter("event.issue.fields.issuetype.name == 'Story'")),
                EventScenario.Trigger("default-on-error", "fn-default-on-error", "avi:jira:updated:issue", Filter(failing)),
                EventScenario.Trigger("ignore", "fn-ignore", "avi:jira:updated:issue", Filter(failing, "IGNORE")),
                EventScenario.Trigger("receive", "fn-receive", "avi:jira:updated:issue", Filter(failing, "RECEIVE")),
                EventScenario.Trigger("receive-and-log", "fn-receive-and-log", "avi:jira:updated:issue", Filter(failing, "RECEIVE_AND_LOG"))),
            ["function"] = EventScenario.Functions("fn-bugs", "fn-stories", "fn-default-on-error", "fn-ignore", "fn-receive", "fn-receive-and-log"),
        });

        var published = await scenario.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload());
        published["deliveries"]!.GetValue<int>().ShouldBe(3);
        published["skipped"]!.GetValue<int>().ShouldBe(3);

        var deliveries = await scenario.WaitForSettledAsync(3);
        deliveries.Select(d => d!["moduleKey"]!.GetValue<string>()).Order().ShouldBe(["bugs", "receive", "receive-and-log"]);
        deliveries.Single(d => d!["moduleKey"]!.GetValue<string>() == "receive")!["matchReason"]!.GetValue<string>().ShouldContain("RECEIVE");
        var received = (await scenario.WaitForRequestsAsync("/functions/fn-receive", 1)).Single();
        received.Body!["filterError"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await scenario.WaitForRequestsAsync("/functions/fn-bugs", 1)).Single().Body!.ContainsKey("filterError").ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task IgnoreSelfSkipsEventsCausedByTheSubscribersOwnApp(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["trigger"] = new JsonArray(
                EventScenario.Trigger("ignoring", "fn-ignoring", "avi:jira:created:issue", new JsonObject { ["ignoreSelf"] = true }),
                EventScenario.Trigger("keeping", "fn-keeping", "avi:jira:created:issue")),
            ["function"] = EventScenario.Functions("fn-ignoring", "fn-keeping"),
        });

        var own = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), new { appKey = scenario.App.Key });
        own["deliveries"]!.GetValue<int>().ShouldBe(1);
        var other = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), new { appKey = "someone-else" });
        other["deliveries"]!.GetValue<int>().ShouldBe(2);

        await scenario.WaitForSettledAsync(3);
        scenario.App.ReceivedAt("/functions/fn-ignoring").Count().ShouldBe(1);
        var kept = scenario.App.ReceivedAt("/functions/fn-keeping").ToList();
        kept.Count.ShouldBe(2);
        kept.Count(r => r.Body!["selfGenerated"]!.GetValue<bool>()).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task PublishingTheSameIdAgainReturnsTheOriginalAndQueuesNothing(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")),
        });

        var first = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: "evt-1");
        var again = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(project: "OTHER"), id: "evt-1");
        first["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        again["duplicate"]!.GetValue<bool>().ShouldBeTrue();
        again["deliveries"]!.GetValue<int>().ShouldBe(1);
        again["id"]!.GetValue<string>().ShouldBe("evt-1");

        await scenario.WaitForSettledAsync(1);
        await scenario.IdleAsync();
        (await scenario.DeliveriesAsync()).Count.ShouldBe(1);
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);
    }

    [Fact]
    public async Task UnknownTypeAndBadBodiesAre400ProblemsNamingTheMember()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", [], install: false);

        var unknown = await scenario.PublishAsync(new { id = "e1", type = "avi:jira:exploded:issue", payload = new { } });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await unknown.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldContain("avi:jira:exploded:issue");
        problem["errors"]!["type"].ShouldNotBeNull();

        var notObject = await scenario.PublishAsync(new { id = "e2", type = "avi:jira:created:issue", payload = new[] { 1 } });
        (await notObject.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["payload"].ShouldNotBeNull();

        var tooBig = await scenario.PublishAsync(new { id = "e3", type = "avi:jira:created:issue", payload = new { text = new string('x', 210_000) } });
        tooBig.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooBig.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["payload"].ShouldNotBeNull();

        var noId = await scenario.PublishAsync(new { id = new string('i', 201), type = "avi:jira:created:issue", payload = new { }, actor = new { accountId = "a", appKey = "b" } });
        var errors = (await noId.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.ContainsKey("id").ShouldBeTrue();
        errors.ContainsKey("actor").ShouldBeTrue();

        (await scenario.Host.Anonymous.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/events", new { id = "e4", type = "avi:jira:created:issue", payload = new { } }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EventTypesAddedByConfigurationArePublishable()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("custom", "custom_thing_happened", "/hooks/custom")),
        }, new Dictionary<string, string>
        {
            ["DynamicModules:Events:0:forgeName"] = "avi:custom:happened:thing",
            ["DynamicModules:Events:0:connectName"] = "custom_thing_happened",
        });

        (await scenario.PublishOkAsync("avi:custom:happened:thing", new JsonObject { ["thing"] = 1 }))["deliveries"]!.GetValue<int>().ShouldBe(1);
        (await scenario.WaitForRequestsAsync("/hooks/custom", 1)).Single().Body!["webhookEvent"]!.GetValue<string>().ShouldBe("custom_thing_happened");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ADisabledAppReceivesNothingAndItsQueuedDeliveriesFail(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")),
        });

        // A first attempt that asks to come back in 2 s, and the app is disabled meanwhile.
        scenario.App.DeliveryStatus = _ => 503;
        scenario.App.DeliveryHeaders = _ => new Dictionary<string, string> { ["Retry-After"] = "2" };
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.WaitForRequestsAsync("/hooks/created", 1);
        (await scenario.Host.Operator.PostAsync($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}/disable", null)).EnsureSuccessStatusCode();

        var disabled = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        disabled["deliveries"]!.GetValue<int>().ShouldBe(0);

        var settled = (await scenario.WaitForSettledAsync(1)).Single()!;
        settled["status"]!.GetValue<string>().ShouldBe("failed");
        settled["lastError"]!.GetValue<string>().ShouldContain("disabled");
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ModuleChangesReachTheIndexWithoutARestart(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("first", "jira:issue_created", "/hooks/first")),
        });
        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload()))["deliveries"]!.GetValue<int>().ShouldBe(1);

        // An upgrade adds a subscriber: the next publish must see it.
        scenario.App.Modules = new JsonObject
        {
            ["webhooks"] = new JsonArray(
                EventScenario.Webhook("first", "jira:issue_created", "/hooks/first"),
                EventScenario.Webhook("second", "jira:issue_created", "/hooks/second")),
        };
        await scenario.InstallAsync();
        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload()))["deliveries"]!.GetValue<int>().ShouldBe(2);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>Webhooks and triggers registered at runtime through the app APIs receive events like static ones.</summary>
public sealed class DynamicSubscriberTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task DynamicWebhooksWithJqlAndDynamicTriggersReceiveMatchingEvents(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject { ["function"] = EventScenario.Functions("fn-dyn") });
        using var client = scenario.AppClient();

        var connect = await client.Http.PostAsJsonAsync(InstalledApp.DynamicPath, new JsonObject
        {
            ["webhooks"] = new JsonArray(
                EventScenario.Webhook("dyn-proj", "jira:issue_created", "/hooks/dyn-proj", "project = PROJ"),
                EventScenario.Webhook("dyn-other", "jira:issue_created", "/hooks/dyn-other", "project = OTHER")),
        });
        connect.IsSuccessStatusCode.ShouldBeTrue(await connect.Content.ReadAsStringAsync());

        var forge = await client.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject
        {
            ["type"] = "trigger",
            ["data"] = new JsonObject
            {
                ["function"] = "fn-dyn",
                ["events"] = new JsonArray("avi:jira:created:issue"),
                ["filter"] = new JsonObject { ["expression"] = "event.issue.fields.project.key == 'PROJ'" },
            },
        });
        forge.IsSuccessStatusCode.ShouldBeTrue(await forge.Content.ReadAsStringAsync());

        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload()))["deliveries"]!.GetValue<int>().ShouldBe(2);
        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(project: "NOPE")))["deliveries"]!.GetValue<int>().ShouldBe(0);
        await scenario.WaitForRequestsAsync("/hooks/dyn-proj", 1);
        await scenario.WaitForRequestsAsync("/functions/fn-dyn", 1);
        scenario.App.ReceivedAt("/hooks/dyn-other").ShouldBeEmpty();

        // Deleting the dynamic modules takes them out of the index at once.
        (await client.Http.DeleteAsync(InstalledApp.DynamicPath)).IsSuccessStatusCode.ShouldBeTrue();
        var forgeKey = (await client.Http.GetFromJsonAsync<JsonObject>(InstalledApp.ForgePath))!["modules"]?.AsArray().FirstOrDefault()?["key"];
        if (forgeKey is not null)
        {
            (await client.Http.DeleteAsync($"{InstalledApp.ForgePath}/{forgeKey.GetValue<string>()}")).IsSuccessStatusCode.ShouldBeTrue();
        }

        (await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload()))["deliveries"]!.GetValue<int>().ShouldBe(0);
    }
}

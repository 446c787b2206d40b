using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>The publish body as a request record: every problem with its path, in problem+json, and 404 for a tenant that is not there.</summary>
public sealed class PublishRequestTests
{
    private static async Task<JsonObject> RefusedAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Task<HttpResponseMessage> PublishRawAsync(ServiceHost host, string tenant, string raw) =>
        host.Operator.PostAsync($"api/v1/tenants/{tenant}/events", new StringContent(raw, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task AnEmptyBodyNamesEveryRequiredMemberAtOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var problem = await RefusedAsync(await PublishRawAsync(host, tenant, "{}"));
        var errors = problem["errors"]!.AsObject();
        errors.Select(error => error.Key).ShouldBe(["id", "type", "payload"], ignoreOrder: true);
        errors["payload"]![0]!.GetValue<string>().ShouldBe("payload is required: a JSON object.");
        problem["detail"]!.GetValue<string>().ShouldContain("id is required.");
        problem["detail"]!.GetValue<string>().ShouldContain("type is required.");
    }

    [Theory]
    [InlineData("""{"id":5,"type":"avi:jira:created:issue","payload":{}}""", "id", "id must be a string.")]
    [InlineData("""{"id":"e1","type":"avi:jira:created:issue","payload":"text"}""", "payload", "payload must be an object.")]
    [InlineData("""{"id":"e1","type":"avi:jira:created:issue","payload":{},"actor":"me"}""", "actor", "actor must be an object.")]
    [InlineData("""{"id":"e1","type":"avi:jira:created:issue","payload":{},"actor":{"accountId":5}}""", "actor.accountId", "actor.accountId must be a string.")]
    public async Task AMemberOfTheWrongTypeIsNamedByItsPath(string raw, string path, string message)
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var problem = await RefusedAsync(await PublishRawAsync(host, tenant, raw));
        problem["errors"]![path]![0]!.GetValue<string>().ShouldBe(message);
        problem["detail"]!.GetValue<string>().ShouldBe(message);
    }

    [Fact]
    public async Task ActorAndIdProblemsAreReportedTogetherAndTheTypeOnceTheShapeIsRight()
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var shape = await RefusedAsync(await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/events",
            new { id = "bad\u0001id", type = "avi:jira:exploded:issue", payload = new { }, actor = new { appKey = "" } }));
        shape["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["id", "actor.appKey"], ignoreOrder: true);
        shape["errors"]!["actor.appKey"]![0]!.GetValue<string>().ShouldBe("actor.appKey must be 1-200 characters.");

        var type = await RefusedAsync(await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/events",
            new { id = "e1", type = "avi:jira:exploded:issue", payload = new { }, actor = new { appKey = "an-app" } }));
        type["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["type"]);

        var accepted = await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/events",
            new { id = "e1", type = "avi:jira:created:issue", payload = new { issue = new { key = "A-1" } }, actor = new { accountId = "u-1" } });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>().ShouldBe("e1");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task PublishingToATenantThatIsNotThereAnswers404(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);

        var problem = await RefusedAsync(
            await host.Operator.PostAsJsonAsync("api/v1/tenants/no-such-tenant/events", new { id = "e1", type = "avi:jira:created:issue", payload = new { } }),
            HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
    }
}

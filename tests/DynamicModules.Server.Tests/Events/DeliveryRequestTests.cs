using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>The delivery routes' refusals: the replay body and the log's query name every wrong member, and a missing tenant, app or delivery is a 404.</summary>
public sealed class DeliveryRequestTests
{
    private static async Task<JsonObject> RefusedAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Task<HttpResponseMessage> ReplayAsync(ServiceHost host, string tenant, string raw) =>
        host.Operator.PostAsync($"api/v1/tenants/{tenant}/deliveries/replay", new StringContent(raw, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("{}", "from is required: an ISO 8601 time or Unix milliseconds.", "to is required: an ISO 8601 time or Unix milliseconds.")]
    [InlineData("""{"from":true,"to":"2026-13-45T00:00:00Z"}""", "from must be an ISO 8601 time", "to must be an ISO 8601 time")]
    [InlineData("""{"from":-1,"to":1.5}""", "from must be an ISO 8601 time", "to must be an ISO 8601 time")]
    public async Task EveryWrongTimeOfAReplayIsNamed(string raw, string fromMessage, string toMessage)
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var errors = (await RefusedAsync(await ReplayAsync(host, tenant, raw)))["errors"]!.AsObject();
        errors.Select(error => error.Key).ShouldBe(["from", "to"], ignoreOrder: true);
        errors["from"]![0]!.GetValue<string>().ShouldStartWith(fromMessage);
        errors["to"]![0]!.GetValue<string>().ShouldStartWith(toMessage);
    }

    [Fact]
    public async Task AReplayWindowMustBeForwardAndItsStatusSettled()
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var problem = await RefusedAsync(await ReplayAsync(host, tenant, """{"from":"2026-12-02T10:00:00Z","to":1000,"status":"pending"}"""));
        problem["errors"]!["to"]![0]!.GetValue<string>().ShouldBe("to must be after from.");
        problem["errors"]!["status"]![0]!.GetValue<string>().ShouldBe("status must be failed, dead or succeeded (default: failed and dead).");
        problem["detail"]!.GetValue<string>().ShouldContain("to must be after from.");

        var wrongType = await RefusedAsync(await ReplayAsync(host, tenant, """{"from":0,"to":1000,"status":5}"""));
        wrongType["errors"]!["status"]![0]!.GetValue<string>().ShouldBe("status must be a string.");

        var ok = await ReplayAsync(host, tenant, """{"from":0,"to":"2026-12-02T10:00:00+01:00","status":"succeeded"}""");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task EveryBadQueryParameterOfTheDeliveryLogIsNamed()
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var problem = await RefusedAsync(await host.Operator.GetAsync($"api/v1/tenants/{tenant}/deliveries?status=lost&limit=0&after=-1"));
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["status", "limit", "after"], ignoreOrder: true);
        problem["errors"]!["limit"]![0]!.GetValue<string>().ShouldBe("limit must be from 1 to 500.");
        problem["detail"]!.GetValue<string>().ShouldContain("status must be one of pending, succeeded, failed, dead.");

        var page = await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant}/deliveries?status=dead&limit=500&after=0");
        page!["deliveries"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AMissingTenantAppOrDeliveryAnswers404(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        (await RefusedAsync(await host.Operator.GetAsync("api/v1/tenants/no-such-tenant/deliveries"), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
        (await RefusedAsync(await ReplayAsync(host, "no-such-tenant", """{"from":0,"to":1000}"""), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
        (await RefusedAsync(await host.Operator.GetAsync("api/v1/tenants/no-such-tenant/apps/an-app/signing-secret"), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
        (await RefusedAsync(await host.Operator.GetAsync($"api/v1/tenants/{tenant}/apps/an-app/signing-secret"), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldBe($"No app 'an-app' in tenant '{tenant}'.");
        (await RefusedAsync(await host.Operator.PostAsync("api/v1/deliveries/987654/redeliver", null), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldBe("No delivery 987654.");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.ForgeRemote;

/// <summary>
/// The host's invoke: the remote gets the method, path and payload with a FIT and tokens; its answer comes back as it is,
/// 4xx included; unknown apps and endpoints are 404s, a remote that hangs is a 504 (on the fake clock), an answer over the
/// limit a 502, and a path that climbs out of the route or a payload over the limit is refused.
/// </summary>
public sealed class InvokeTests
{
    private static Task<HttpResponseMessage> InvokeAsync(EventScenario scenario, object body, string? appKey = null) =>
        scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/apps/{appKey ?? scenario.App.Key}/invoke", body);

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task InvokeCallsTheRemoteWithAFitAndPassesItsAnswerBack(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, ForgeRemoteApp.Modules());
        scenario.App.DeliveryAnswer = request => ("application/json", $$"""{"seen":"{{request.Method}} {{request.Path}}"}""");

        var response = await InvokeAsync(scenario, new
        {
            endpoint = "remote-api",
            method = "PUT",
            path = "/items/7?mode=full",
            payload = new { answer = 42 },
            principal = new { accountId = "user-9" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"seen":"PUT /forge/api/items/7"}""");
        var received = scenario.App.ReceivedAt(ForgeRemoteApp.ApiPath + "/items/7").Single();
        received.Method.ShouldBe("PUT");
        received.RawQuery.ShouldBe("?mode=full");
        received.Body!["answer"]!.GetValue<int>().ShouldBe(42);
        var (claims, _) = await ForgeRemoteApp.VerifyFitAsync(scenario.Host, received, scenario.App.Key);
        claims["principal"]!.GetValue<string>().ShouldBe("user-9");
        claims["app"]!["module"]!["type"]!.GetValue<string>().ShouldBe("endpoint");
        claims["app"]!["module"]!["key"]!.GetValue<string>().ShouldBe("remote-api");
        received.Headers.ShouldContainKey("x-forge-oauth-system");
        (await ForgeRemoteApp.VerifyAppTokenAsync(scenario.Host, received.Headers["x-forge-oauth-user"], scenario.TenantJson["baseUrl"]!.GetValue<string>()))
            ["sub"]!.GetValue<string>().ShouldBe("user-9");
    }

    [Fact]
    public async Task TheRemotesErrorsComeBackAsTheyAre()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", ForgeRemoteApp.Modules());
        scenario.App.DeliveryStatus = _ => 409;
        scenario.App.DeliveryAnswer = _ => ("text/plain", "busy, try later");

        var response = await InvokeAsync(scenario, new { endpoint = "remote-api" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("busy, try later");
        scenario.App.ReceivedAt(ForgeRemoteApp.ApiPath).Single().Method.ShouldBe("POST");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task UnknownAppsAndEndpointsAre404(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, ForgeRemoteApp.Modules());

        var endpoint = await InvokeAsync(scenario, new { endpoint = "no-such-endpoint" });
        endpoint.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await endpoint.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("no-such-endpoint");
        var app = await InvokeAsync(scenario, new { endpoint = "remote-api" }, "no-such-app");
        app.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("no-such-app");
        scenario.App.ReceivedAt(ForgeRemoteApp.ApiPath).ShouldBeEmpty();
    }

    [Fact]
    public async Task ARemoteThatDoesNotAnswerInTimeIsA504()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", ForgeRemoteApp.Modules(),
            new Dictionary<string, string> { ["DynamicModules:ForgeRemote:InvokeTimeout"] = "00:00:05" });
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.App.BeforeDeliveryAnswer = async (_, aborted) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, aborted);
        };

        var invoke = InvokeAsync(scenario, new { endpoint = "remote-api" });
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        scenario.Clock!.Advance(TimeSpan.FromSeconds(6));
        var response = await invoke.WaitAsync(TimeSpan.FromSeconds(30));

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("did not answer within 5 s");
    }

    [Fact]
    public async Task SizeLimitsAndPathsThatLeaveTheRouteAreRefused()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", ForgeRemoteApp.Modules(), new Dictionary<string, string>
        {
            ["DynamicModules:ForgeRemote:MaxInvokeRequestBytes"] = "100",
            ["DynamicModules:ForgeRemote:MaxInvokeResponseBytes"] = "1000",
        });
        scenario.App.DeliveryAnswer = _ => ("application/json", $$"""{"big":"{{new string('x', 2000)}}"}""");

        var tooBig = await InvokeAsync(scenario, new { endpoint = "remote-api", payload = new { text = new string('y', 200) } });
        tooBig.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await tooBig.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("limit of an invoke's payload is 100 bytes");

        var answerTooBig = await InvokeAsync(scenario, new { endpoint = "remote-api" });
        answerTooBig.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await answerTooBig.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("more than 1000 bytes");

        foreach (var path in new[] { "/../installed", "//evil.example/x", "/%2e%2e/installed", "relative", "/a#b" })
        {
            var refused = await InvokeAsync(scenario, new { endpoint = "remote-api", path });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
            (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["path"].ShouldNotBeNull();
        }

        var badMethod = await InvokeAsync(scenario, new { endpoint = "remote-api", method = "TRACE", principal = new { accountId = "" } });
        var errors = (await badMethod.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(error => error.Key).ShouldBe(["method", "principal.accountId"], ignoreOrder: true);
        scenario.App.ReceivedAt("/installed").Count().ShouldBe(1);
    }
}

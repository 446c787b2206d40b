using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.ForgeRemote;

/// <summary>
/// Trigger deliveries to Forge endpoints follow the Forge Remote contract: a FIT that verifies against the JWKS with the
/// documented claims, the tokens the endpoint's auth asks for, B3 trace headers and the Forge body with retryContext on
/// retries; Forge's lifecycle events reach the app's subscribed triggers and no one else can publish them.
/// </summary>
public sealed class ForgeDeliveryTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ATriggerDeliveryToAnEndpointCarriesAFitThatVerifiesAgainstTheJwks(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, ForgeRemoteApp.Modules());
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), actor: new { accountId = "user-7" });
        var request = (await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single();

        var (claims, token) = await ForgeRemoteApp.VerifyFitAsync(scenario.Host, request, scenario.App.Key);
        var jwks = await scenario.Host.Anonymous.GetFromJsonAsync<JsonObject>(".well-known/jwks.json");
        jwks!["keys"]!.AsArray().Select(key => key!["kid"]!.GetValue<string>()).ShouldContain(token.Kid);
        claims["aud"]!.GetValue<string>().ShouldBe(scenario.App.Key);
        (claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>()).ShouldBe(300);
        claims["nbf"]!.GetValue<long>().ShouldBe(claims["iat"]!.GetValue<long>());
        Guid.TryParse(claims["jti"]!.GetValue<string>(), out _).ShouldBeTrue();
        claims["principal"]!.GetValue<string>().ShouldBe("user-7");
        var app = claims["app"]!.AsObject();
        app["id"]!.GetValue<string>().ShouldBe(scenario.App.Key);
        app["apiBaseUrl"]!.GetValue<string>().ShouldBe(scenario.TenantJson["baseUrl"]!.GetValue<string>());
        app["installationId"]!.GetValue<string>().ShouldStartWith("ari:cloud:ecosystem::installation/");
        app["appVersion"]!.GetValue<string>().ShouldBe("1");
        app["environment"]!["type"]!.GetValue<string>().ShouldBe("PRODUCTION");
        app["module"]!["type"]!.GetValue<string>().ShouldBe("trigger");
        app["module"]!["key"]!.GetValue<string>().ShouldBe("on-created");
        claims["context"]!["cloudId"]!.GetValue<string>().ShouldBe(scenario.ClientKey);

        request.Headers["x-b3-traceid"].ShouldMatch("^[0-9a-f]{32}$");
        request.Headers["x-b3-spanid"].ShouldMatch("^[0-9a-f]{16}$");
        var system = await ForgeRemoteApp.VerifyAppTokenAsync(scenario.Host, request.Headers["x-forge-oauth-system"], app["apiBaseUrl"]!.GetValue<string>());
        system["token_use"]!.GetValue<string>().ShouldBe("system");
        var user = await ForgeRemoteApp.VerifyAppTokenAsync(scenario.Host, request.Headers["x-forge-oauth-user"], app["apiBaseUrl"]!.GetValue<string>());
        user["sub"]!.GetValue<string>().ShouldBe("user-7");

        var body = request.Body!;
        body["payload"]!["eventType"]!.GetValue<string>().ShouldBe("avi:jira:created:issue");
        body["payload"]!["issue"]!["key"]!.GetValue<string>().ShouldBe("PROJ-1");
        body["context"]!["cloudId"]!.GetValue<string>().ShouldBe(scenario.ClientKey);
        body["context"]!["moduleKey"]!.GetValue<string>().ShouldBe("on-created");
        body.ContainsKey("retryContext").ShouldBeFalse();
        request.Headers.ShouldContainKey("webhook-id");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RetriesCarryRetryContextAndAFreshFitUntilOneSucceeds(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, ForgeRemoteApp.Modules());
        var calls = 0;
        scenario.App.DeliveryStatus = request => request.Path == ForgeRemoteApp.EventsPath && Interlocked.Increment(ref calls) < 3 ? 503 : 200;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());

        var delivery = (await scenario.WaitForSettledAsync(1)).Single()!;
        delivery["status"]!.GetValue<string>().ShouldBe("succeeded");
        delivery["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()).ShouldBe([503, 503, 200]);
        var requests = scenario.App.ReceivedAt(ForgeRemoteApp.EventsPath).ToList();
        requests.Count.ShouldBe(3);
        requests[0].Body!.ContainsKey("retryContext").ShouldBeFalse();
        requests[1].Body!["retryContext"]!["retryCount"]!.GetValue<int>().ShouldBe(1);
        requests[2].Body!["retryContext"]!["retryCount"]!.GetValue<int>().ShouldBe(2);
        requests.Select(r => r.Body!["payload"]!.ToJsonString()).Distinct().ShouldHaveSingleItem();
        requests.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem();
        var ids = new List<string>();
        foreach (var request in requests)
        {
            ids.Add((await ForgeRemoteApp.VerifyFitAsync(scenario.Host, request, scenario.App.Key)).Claims["jti"]!.GetValue<string>());
        }

        ids.ShouldBeUnique();
    }

    [Fact]
    public async Task TokensAreSentOnlyAsTheEndpointAsksAndTheUserTokenOnlyWhenAUserActs()
    {
        var auth = new JsonObject { ["appSystemToken"] = new JsonObject { ["enabled"] = false }, ["appUserToken"] = true };
        await using var scenario = await EventScenario.StartAsync("sqlite", ForgeRemoteApp.Modules(auth));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), actor: new { appKey = "another-app" });
        var request = (await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single();

        var (claims, _) = await ForgeRemoteApp.VerifyFitAsync(scenario.Host, request, scenario.App.Key);
        claims.ContainsKey("principal").ShouldBeFalse();
        request.Headers.ShouldNotContainKey("x-forge-oauth-system");
        request.Headers.ShouldNotContainKey("x-forge-oauth-user");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task LifecycleEventsReachTheAppsSubscribedTriggersAndTheHostCannotPublishThem(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine,
            ForgeRemoteApp.Modules(null, "avi:forge:installed:app", "avi:forge:uninstalled:app"));
        var installed = (await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single();
        installed.Body!["payload"]!["eventType"]!.GetValue<string>().ShouldBe("avi:forge:installed:app");
        installed.Body!["payload"]!["app"]!["id"]!.GetValue<string>().ShouldBe(scenario.App.Key);
        (await ForgeRemoteApp.VerifyFitAsync(scenario.Host, installed, scenario.App.Key)).Claims["app"]!["module"]!["key"]!
            .GetValue<string>().ShouldBe("on-lifecycle");

        var refused = await scenario.PublishAsync(new { id = "e-1", type = "avi:forge:installed:app", payload = new { } });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["type"]![0]!.GetValue<string>().ShouldContain("only the service sends");

        (await scenario.Host.Operator.DeleteAsync($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}")).EnsureSuccessStatusCode();
        var requests = await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 2);
        requests[1].Body!["payload"]!["eventType"]!.GetValue<string>().ShouldBe("avi:forge:uninstalled:app");
        (await scenario.WaitForSettledAsync(2)).Select(d => d!["status"]!.GetValue<string>()).ShouldAllBe(status => status == "succeeded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AManifestInstallSendsInstalledAppToTheAppsSubscribedEndpoint(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject(), install: false);
        var appId = "ari:cloud:ecosystem::app/" + Guid.NewGuid();
        var manifest = $"""
            app:
              id: {appId}
            modules:
              trigger:
                - key: on-lifecycle
                  events:
                    - avi:forge:installed:app
                  endpoint: remote-events
              endpoint:
                - key: remote-events
                  remote: backend
                  route:
                    path: {ForgeRemoteApp.EventsPath}
            remotes:
              - key: backend
                baseUrl: {scenario.App.BaseUrl}
            permissions:
              scopes:
                - read:jira-work
            """;

        var response = await scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/apps", new { manifest });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var installed = (await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single();
        installed.Body!["payload"]!["eventType"]!.GetValue<string>().ShouldBe("avi:forge:installed:app");
        (await ForgeRemoteApp.VerifyFitAsync(scenario.Host, installed, appId)).Claims["app"]!["module"]!["key"]!
            .GetValue<string>().ShouldBe("on-lifecycle");
    }
}

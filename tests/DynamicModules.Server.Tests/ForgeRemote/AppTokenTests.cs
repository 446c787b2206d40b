using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.ForgeRemote;

/// <summary>
/// App tokens handed to a remote in a delivery authenticate its calls back to the Forge-facing API (v2 dynamic modules,
/// quota, analyse): the system token asApp, the user token asUser (audited as the user, under the registration policy);
/// expired, foreign, tampered and wrongly typed tokens, and tokens on Connect-only routes, get 401 {message}.
/// </summary>
public sealed class AppTokenTests
{
    private static async Task<(EventScenario Scenario, ReceivedRequest Delivery)> DeliveredAsync(string engine, object? actor = null)
    {
        var scenario = await EventScenario.StartAsync(engine, ForgeRemoteApp.Modules());
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), actor: actor ?? new { accountId = "user-7" });
        return (scenario, (await scenario.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single());
    }

    private static JsonObject DynamicTrigger() => new()
    {
        ["type"] = "trigger",
        ["data"] = new JsonObject { ["endpoint"] = "remote-events", ["events"] = new JsonArray("avi:jira:updated:issue") },
    };

    private static string BaseUrl(EventScenario scenario) => scenario.TenantJson["baseUrl"]!.GetValue<string>();

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheSystemTokenRegistersADynamicTriggerAsTheAppAndReadsQuotaAndAnalyse(string engine)
    {
        var (scenario, delivery) = await DeliveredAsync(engine);
        await using var _ = scenario;
        using var client = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), delivery.Headers["x-forge-oauth-system"]);

        var created = await client.PostAsJsonAsync(InstalledApp.ForgePath, DynamicTrigger());
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        (await client.GetFromJsonAsync<JsonObject>($"{InstalledApp.ForgePath}/{key}"))!["type"]!.GetValue<string>().ShouldBe("trigger");
        (await client.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota"))!["used"]!.GetValue<int>().ShouldBe(1);
        var analysed = await client.PostAsJsonAsync("rest/dynamic-modules/1/expression/analyse", new { expressions = new[] { "event.issue != null" } });
        analysed.StatusCode.ShouldBe(HttpStatusCode.OK);

        var record = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/audit"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        record["actor"]!.GetValue<string>().ShouldBe("app");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheUserTokenMakesTheCallAsUserUnderTheRegistrationPolicy(string engine)
    {
        var (scenario, delivery) = await DeliveredAsync(engine);
        await using var _ = scenario;
        using var client = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), delivery.Headers["x-forge-oauth-user"]);

        (await scenario.Host.Operator.PutAsJsonAsync($"api/v1/tenants/{scenario.Tenant}",
            new { productType = "jira", displayName = "Policy", registrationPolicy = "product-admin" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync(InstalledApp.ForgePath, DynamicTrigger())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await scenario.Host.Operator.PutAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/users/user-7", new { roles = new[] { "product-admin" } }))
            .EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync(InstalledApp.ForgePath, DynamicTrigger())).StatusCode.ShouldBe(HttpStatusCode.Created);
        var record = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/audit"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        record["actor"]!.GetValue<string>().ShouldBe("user:user-7");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ExpiredForeignTamperedAndMistypedTokensAreRefused(string engine)
    {
        var (scenario, delivery) = await DeliveredAsync(engine);
        await using var _ = scenario;
        var token = delivery.Headers["x-forge-oauth-system"];

        // Another tenant with the same app: the token names the first tenant's installation.
        var other = await scenario.Host.CreateTenantAsync();
        await scenario.InstallAsync(other["key"]!.GetValue<string>());
        using (var foreign = ForgeRemoteApp.AppTokenClient(scenario.Host, other["baseUrl"]!.GetValue<string>(), token))
        {
            await ShouldBeRefusedAsync(await foreign.GetAsync("rest/dynamic-modules/1/quota"));
        }

        var parts = token.Split('.');
        var flipped = parts[1][..^2] + (parts[1][^2] == 'A' ? 'B' : 'A') + parts[1][^1];
        using (var tampered = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), $"{parts[0]}.{flipped}.{parts[2]}"))
        {
            await ShouldBeRefusedAsync(await tampered.GetAsync("rest/dynamic-modules/1/quota"));
        }

        // A FIT is signed by the same keys but is not an app token.
        using (var fit = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), delivery.Headers["Authorization"]["Bearer ".Length..]))
        {
            await ShouldBeRefusedAsync(await fit.GetAsync("rest/dynamic-modules/1/quota"));
        }

        using var client = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), token);
        (await client.GetAsync("rest/dynamic-modules/1/quota")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Connect dialect's routes take Connect JWTs only.
        await ShouldBeRefusedAsync(await client.GetAsync(InstalledApp.DynamicPath));

        // Fifteen minutes of life and thirty seconds of leeway.
        scenario.Clock!.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31));
        await ShouldBeRefusedAsync(await client.GetAsync("rest/dynamic-modules/1/quota"));
    }

    [Fact]
    public async Task ATokenStopsWorkingWhenItsAppIsDisabled()
    {
        var (scenario, delivery) = await DeliveredAsync("sqlite");
        await using var _ = scenario;
        using var client = ForgeRemoteApp.AppTokenClient(scenario.Host, BaseUrl(scenario), delivery.Headers["x-forge-oauth-system"]);
        (await client.GetAsync("rest/dynamic-modules/1/quota")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await scenario.Host.Operator.PostAsync($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}/disable", null)).EnsureSuccessStatusCode();
        await ShouldBeRefusedAsync(await client.GetAsync("rest/dynamic-modules/1/quota"));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Dashboard;

/// <summary>
/// <c>GET /api/v1/dashboard</c> and <c>GET /api/v1/tenants/{tenant}/dashboard</c> over real deliveries to a real receiver on a fake
/// clock: one target that answers 200, one that fails twice and then succeeds, one that is down until its delivery dies.
/// </summary>
public sealed class DashboardApiTests
{
    private static JsonObject ThreeWebhooks() => new()
    {
        ["webhooks"] = new JsonArray(
            EventScenario.Webhook("ok", "jira:issue_created", "/hooks/ok"),
            EventScenario.Webhook("flaky", "jira:issue_created", "/hooks/flaky"),
            EventScenario.Webhook("down", "jira:issue_created", "/hooks/down")),
    };

    /// <summary>A scenario whose one published event has settled: 1 success at once, 1 after two retries, 1 dead after three attempts.</summary>
    private static async Task<EventScenario> SettledScenarioAsync(string engine)
    {
        var scenario = await EventScenario.StartAsync(engine, ThreeWebhooks());
        var flakyCalls = 0;
        scenario.App.DeliveryStatus = request => request.Path switch
        {
            "/hooks/flaky" => Interlocked.Increment(ref flakyCalls) <= 2 ? 500 : 200,
            "/hooks/down" => 503,
            _ => 200,
        };
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var settled = await scenario.WaitForSettledAsync(3);
        settled.Select(d => d!["status"]!.GetValue<string>()).Order().ShouldBe(["dead", "succeeded", "succeeded"]);
        return scenario;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantDashboardCountsOutcomesLagFailingEndpointsAndQuotaUse(string engine)
    {
        await using var scenario = await SettledScenarioAsync(engine);

        var dashboard = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/dashboard"))!;

        dashboard["tenant"]!.GetValue<string>().ShouldBe(scenario.Tenant);
        dashboard["window"]!.GetValue<string>().ShouldBe("24h");
        var hours = dashboard["hours"]!.AsArray();
        hours.Count.ShouldBe(24);
        var totals = dashboard["totals"]!;
        // ok: 1 success; flaky: 2 retried + 1 success; down: 2 retried + the dead last attempt.
        totals["succeeded"]!.GetValue<long>().ShouldBe(2);
        totals["retried"]!.GetValue<long>().ShouldBe(4);
        totals["dead"]!.GetValue<long>().ShouldBe(1);
        totals["failed"]!.GetValue<long>().ShouldBe(0);
        foreach (var outcome in new[] { "succeeded", "retried", "failed", "dead" })
        {
            hours.Sum(hour => hour![outcome]!.GetValue<long>()).ShouldBe(totals[outcome]!.GetValue<long>(), outcome);
        }

        var lag = dashboard["lag"]!;
        lag["count"]!.GetValue<long>().ShouldBe(2);
        var p50 = lag["p50Ms"]!.GetValue<long>();
        var max = lag["maxMs"]!.GetValue<long>();
        p50.ShouldBeGreaterThanOrEqualTo(0);
        lag["p90Ms"]!.GetValue<long>().ShouldBeInRange(p50, max);
        lag["p99Ms"]!.GetValue<long>().ShouldBe(max);
        // The flaky target's success came after two retry delays on the service clock: its lag is the longer one.
        max.ShouldBeGreaterThan(p50);

        var outbox = dashboard["outbox"]!;
        outbox["pending"]!.GetValue<long>().ShouldBe(0);
        outbox["oldestCreatedAt"].ShouldBeNull();

        var failing = dashboard["failingEndpoints"]!.AsArray();
        failing.Select(e => e!["targetUrl"]!.GetValue<string>()).ShouldBe([scenario.App.BaseUrl + "/hooks/down", scenario.App.BaseUrl + "/hooks/flaky"]);
        failing[0]!["failures"]!.GetValue<long>().ShouldBe(3);
        failing[0]!["attempts"]!.GetValue<long>().ShouldBe(3);
        failing[1]!["failures"]!.GetValue<long>().ShouldBe(2);
        failing[1]!["attempts"]!.GetValue<long>().ShouldBe(3);
        failing.ShouldAllBe(e => e!["tenant"]!.GetValue<string>() == scenario.Tenant && e["appKey"]!.GetValue<string>() == scenario.App.Key);

        var quota = dashboard["quotas"]!.AsArray().ShouldHaveSingleItem()!;
        quota["appKey"]!.GetValue<string>().ShouldBe(scenario.App.Key);
        quota["used"]!.GetValue<long>().ShouldBe(0, "the webhooks are static modules: no dynamic slot is used");
        quota["limit"]!.GetValue<long>().ShouldBe(100);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task PendingRetriesAreTheOutboxAndTheWeekWindowHas168Hours(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("down", "jira:issue_created", "/hooks/down")),
        });
        scenario.App.DeliveryStatus = _ => 503;
        scenario.App.DeliveryHeaders = _ => new Dictionary<string, string> { ["Retry-After"] = "60" };
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.WaitForRequestsAsync("/hooks/down", 1);
        await scenario.IdleAsync();

        var dashboard = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/dashboard?window=7d"))!;

        dashboard["window"]!.GetValue<string>().ShouldBe("7d");
        dashboard["hours"]!.AsArray().Count.ShouldBe(168);
        var outbox = dashboard["outbox"]!;
        outbox["pending"]!.GetValue<long>().ShouldBe(1);
        outbox["waiting"]!.GetValue<long>().ShouldBe(1, "its retry is a minute away");
        outbox["due"]!.GetValue<long>().ShouldBe(0);
        outbox["oldestCreatedAt"].ShouldNotBeNull();
        dashboard["totals"]!["retried"]!.GetValue<long>().ShouldBe(1);
        dashboard["lag"]!["count"]!.GetValue<long>().ShouldBe(0);
        dashboard["lag"]!["p50Ms"].ShouldBeNull();

        // A minute later on the service clock it is due.
        scenario.Clock!.Advance(TimeSpan.FromSeconds(61));
        scenario.App.DeliveryStatus = _ => 200;
        await scenario.WaitForSettledAsync(1);
        var after = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/dashboard"))!;
        after["outbox"]!["pending"]!.GetValue<long>().ShouldBe(0);
        after["lag"]!["count"]!.GetValue<long>().ShouldBe(1);
        after["lag"]!["p50Ms"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(60_000);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheServiceDashboardSpansTenantsAndATenantSeesOnlyItsOwn(string engine)
    {
        await using var scenario = await SettledScenarioAsync(engine);
        var quiet = (await scenario.Host.CreateTenantAsync())["key"]!.GetValue<string>();
        await scenario.InstallAsync(quiet);

        var service = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>("api/v1/dashboard?window=24h"))!;
        service["tenant"].ShouldBeNull();
        service["totals"]!["succeeded"]!.GetValue<long>().ShouldBe(2);
        service["failingEndpoints"]!.AsArray().Count.ShouldBe(2);
        service["quotas"]!.AsArray().Select(q => q!["tenant"]!.GetValue<string>()).ShouldBe([scenario.Tenant, quiet], ignoreOrder: true);

        var other = (await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{quiet}/dashboard"))!;
        other["totals"]!["succeeded"]!.GetValue<long>().ShouldBe(0);
        other["totals"]!["dead"]!.GetValue<long>().ShouldBe(0);
        other["failingEndpoints"]!.AsArray().ShouldBeEmpty();
        other["quotas"]!.AsArray().ShouldHaveSingleItem()!["tenant"]!.GetValue<string>().ShouldBe(quiet);
    }

    [Fact]
    public async Task AnAdminLinkSeesItsTenantsDashboardButNotTheServiceOrAnotherTenant()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", ThreeWebhooks());
        var other = (await scenario.Host.CreateTenantAsync())["key"]!.GetValue<string>();
        var link = (await (await scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/admin-links", new { lifetimeMinutes = 5 }))
            .Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        using var admin = new HttpClient(new DocumentedResponses(scenario.Host.BaseUrl)) { BaseAddress = new Uri(scenario.Host.BaseUrl + "/") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", link[(link.IndexOf("#token=", StringComparison.Ordinal) + 7)..]);

        (await admin.GetAsync($"api/v1/tenants/{scenario.Tenant}/dashboard")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var service = await admin.GetAsync("api/v1/dashboard");
        service.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await service.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("operator key");
        (await admin.GetAsync($"api/v1/tenants/{other}/dashboard")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await scenario.Host.Anonymous.GetAsync("api/v1/dashboard")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("api/v1/dashboard?window=30d")]
    [InlineData("api/v1/tenants/{tenant}/dashboard?window=")]
    [InlineData("api/v1/tenants/{tenant}/dashboard?window=24H")]
    public async Task AnUnknownWindowIsA400ThatNamesIt(string path)
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var response = await host.Operator.GetAsync(path.Replace("{tenant}", tenant, StringComparison.Ordinal));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldContain("24h or 7d");
        problem["errors"]!["window"].ShouldNotBeNull();
    }
}

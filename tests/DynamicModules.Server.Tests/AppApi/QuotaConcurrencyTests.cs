using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class QuotaConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task FortyConcurrentRegistrationsAtALimitOfTenLetExactlyTenSucceed(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{app.TenantKey}/apps/{app.App.Key}/quota", new { limit = 10 })).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => app.RegisterAsync(InstalledApp.WebItems($"race-{i}"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(10);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(30);
        (await app.ListKeysAsync()).Length.ShouldBe(10);
        var quota = await app.Http.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota");
        quota!["used"]!.GetValue<int>().ShouldBe(10);
        quota["available"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantCapHoldsAcrossAppsUnderConcurrency(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = await host.CreateTenantAsync(extra: new { limits = new { perApp = 100, tenantTotal = 12 } });
        await using var first = await InstalledApp.CreateAsync(host, tenant);
        await using var second = await InstalledApp.CreateAsync(host, tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? first : second).RegisterAsync(InstalledApp.WebItems($"cap-{i}"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(12);
        var quota = await first.Http.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota");
        quota!["tenantLimit"]!.GetValue<int>().ShouldBe(12);
        quota["tenantUsed"]!.GetValue<int>().ShouldBe(12);
        quota["available"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task OneAppCannotTakeAnotherAppsSlots(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = await host.CreateTenantAsync(extra: new { limits = new { perApp = 3 } });
        await using var greedy = await InstalledApp.CreateAsync(host, tenant);
        await using var modest = await InstalledApp.CreateAsync(host, tenant);
        (await greedy.RegisterAsync(InstalledApp.WebItems("g1", "g2", "g3"))).EnsureSuccessStatusCode();
        var over = await greedy.RegisterAsync(InstalledApp.WebItems("g4"));
        over.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await over.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldContain("limit of 3");
        (await modest.RegisterAsync(InstalledApp.WebItems("m1", "m2", "m3"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

/// <summary>The registration round trip on each engine: what the SQLite-only API tests cover, end to end on PostgreSQL too.</summary>
public sealed class BothEnginesRegistrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RegisterListUpdateDeleteAndRestoreWorkOnEveryEngine(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);

        (await app.RegisterAsync(InstalledApp.WebItems("e-1", "e-2", "e-3", "e-4"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.RegisterAsync(InstalledApp.WebItems("e-5", "e-1"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=e-1&moduleKey=e-2")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=e-3,unknown")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.ListKeysAsync()).ShouldBe(["e-4"]);

        var created = await app.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("ignored") });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        (await app.Http.PutAsJsonAsync($"{InstalledApp.ForgePath}/{key}", new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem(key, "Renamed") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Http.GetFromJsonAsync<JsonObject>($"{InstalledApp.ForgePath}/{key}"))!["data"]!["name"]!["value"]!.GetValue<string>().ShouldBe("Renamed");
        (await app.Http.DeleteAsync($"{InstalledApp.ForgePath}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await host.Operator.DeleteAsync($"api/v1/tenants/{app.TenantKey}/apps/{app.App.Key}")).EnsureSuccessStatusCode();
        (await app.InstallAsync()).EnsureSuccessStatusCode();
        (await app.ListKeysAsync()).ShouldBe(["e-4"]);
        (await app.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.ListAsync()).Count.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task DuplicatesQuotaAndTenantCapHoldOnEveryEngine(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = await host.CreateTenantAsync(extra: new { limits = new { tenantTotal = 4 } });
        await using var app = await InstalledApp.CreateAsync(host, tenant);
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{app.TenantKey}/apps/{app.App.Key}/quota", new { limit = 3 })).EnsureSuccessStatusCode();

        // One statement inserts the batch: the modules keep the order they were sent in.
        (await app.RegisterAsync(InstalledApp.WebItems("q-2", "q-1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ListAsync())["webItems"]!.AsArray().Select(module => module!["key"]!.GetValue<string>()).ShouldBe(["q-2", "q-1"]);

        // A free key beside a taken one is not kept; over the limit too, the taken key is the answer.
        var clash = await app.RegisterAsync(InstalledApp.WebItems("q-3", "q-1"));
        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(clash)).ShouldContain("duplicate module keys: [q-1]");
        var clashOverQuota = await app.RegisterAsync(InstalledApp.WebItems("q-3", "q-4", "q-2"));
        clashOverQuota.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(clashOverQuota)).ShouldContain("duplicate module keys: [q-2]");
        var overQuota = await app.RegisterAsync(InstalledApp.WebItems("q-3", "q-4"));
        overQuota.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(overQuota)).ShouldContain("limit of 3 dynamic modules");
        (await app.ListKeysAsync()).ShouldBe(["q-1", "q-2"]);

        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{app.TenantKey}/apps/{app.App.Key}/quota", new { limit = 10 })).EnsureSuccessStatusCode();
        var clashWithinLimits = await app.RegisterAsync(InstalledApp.WebItems("q-9", "q-1"));
        clashWithinLimits.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(clashWithinLimits)).ShouldContain("duplicate module keys: [q-1]");
        (await app.ListKeysAsync()).ShouldBe(["q-1", "q-2"]);
        (await app.RegisterAsync(InstalledApp.WebItems("q-3", "q-4"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var overCap = await app.RegisterAsync(InstalledApp.WebItems("q-5"));
        overCap.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(overCap)).ShouldContain("tenant-wide cap of 4");
        (await app.ListKeysAsync()).ShouldBe(["q-1", "q-2", "q-3", "q-4"]);
    }

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>();
}

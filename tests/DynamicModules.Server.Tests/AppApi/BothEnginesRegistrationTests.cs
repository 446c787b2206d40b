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
}

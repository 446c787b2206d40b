using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class RegistrationPolicyTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private InstalledApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        var tenant = await _host.CreateTenantAsync(extra: new { registrationPolicy = "product-admin" });
        _app = await InstalledApp.CreateAsync(_host, tenant);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task AsUserWithoutTheRoleIsForbiddenWithAClearMessage()
    {
        _app.Client.Subject = "plain-user";
        var response = await _app.RegisterAsync(InstalledApp.WebItems("nope"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldContain("product-admin");
        (await _app.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("f") }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AsUserWithTheRoleMayRegisterAndIsRecordedAsTheActor()
    {
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_app.TenantKey}/users/admin-1", new { roles = new[] { "product-admin" } })).EnsureSuccessStatusCode();
        _app.Client.Subject = "admin-1";
        (await _app.RegisterAsync(InstalledApp.WebItems("by-admin"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var record = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_app.TenantKey}/audit?app={_app.App.Key}"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        record["actor"]!.GetValue<string>().ShouldBe("user:admin-1");
    }

    [Fact]
    public async Task AsAppStaysAllowedUntilTheOperatorTurnsItOff()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("as-app"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_app.TenantKey}", new { productType = "jira", displayName = "X", allowAsApp = false })).EnsureSuccessStatusCode();
        var refused = await _app.RegisterAsync(InstalledApp.WebItems("as-app-2"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.ListKeysAsync()).ShouldBe(["as-app"]);
    }

    [Fact]
    public async Task RoleChangesAreAuditedAndValidated()
    {
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_app.TenantKey}/users/u-2", new { roles = "product-admin" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_app.TenantKey}/users/u-2", new { roles = new[] { "product-admin" } })).EnsureSuccessStatusCode();
        var records = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_app.TenantKey}/audit"))!["records"]!.AsArray();
        records.ShouldContain(r => r!["operation"]!.GetValue<string>() == "user.roles");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class RegistrationPolicyTests : InstalledAppTest
{
    protected override object? TenantSettings => new { registrationPolicy = "product-admin" };

    [Fact]
    public async Task AsUserWithoutTheRoleIsForbiddenWithAClearMessage()
    {
        App.Client.Subject = "plain-user";
        var response = await App.RegisterAsync(InstalledApp.WebItems("nope"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldContain("product-admin");
        (await App.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("f") }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AsUserWithTheRoleMayRegisterAndIsRecordedAsTheActor()
    {
        (await Host.Operator.PutAsJsonAsync($"api/v1/tenants/{App.TenantKey}/users/admin-1", new { roles = new[] { "product-admin" } })).EnsureSuccessStatusCode();
        App.Client.Subject = "admin-1";
        (await App.RegisterAsync(InstalledApp.WebItems("by-admin"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var record = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{App.TenantKey}/audit?app={App.App.Key}"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        record["actor"]!.GetValue<string>().ShouldBe("user:admin-1");
    }

    [Fact]
    public async Task AsAppStaysAllowedUntilTheOperatorTurnsItOff()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("as-app"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Host.Operator.PutAsJsonAsync($"api/v1/tenants/{App.TenantKey}", new { productType = "jira", displayName = "X", allowAsApp = false })).EnsureSuccessStatusCode();
        var refused = await App.RegisterAsync(InstalledApp.WebItems("as-app-2"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ListKeysAsync()).ShouldBe(["as-app"]);
    }

    [Fact]
    public async Task RoleChangesAreAuditedAndValidated()
    {
        (await Host.Operator.PutAsJsonAsync($"api/v1/tenants/{App.TenantKey}/users/u-2", new { roles = "product-admin" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Host.Operator.PutAsJsonAsync($"api/v1/tenants/{App.TenantKey}/users/u-2", new { roles = new[] { "product-admin" } })).EnsureSuccessStatusCode();
        var records = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{App.TenantKey}/audit"))!["records"]!.AsArray();
        records.ShouldContain(r => r!["operation"]!.GetValue<string>() == "user.roles");
    }
}

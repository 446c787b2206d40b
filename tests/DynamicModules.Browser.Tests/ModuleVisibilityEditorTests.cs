using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>The admin page's visibility editor (visibility.js) in headless Chromium, against the real service.</summary>
public sealed class ModuleVisibilityEditorTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private ServiceHost _host = null!;
    private FakeConnectApp _app = null!;
    private string _tenant = null!;
    private BrowserSession? _session;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _app = await FakeConnectApp.StartAsync();
        _app.KeyServer = _host.BaseUrl;
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-visible")),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task TheOperatorSetsShowsAndClearsAModulesVisibilityOverride()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), _host.BaseUrl + "/admin");
        var page = _session.Page;
        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);
        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/modules");

        var row = page.Locator($"tr[data-module='{_app.Key}/dyn-visible']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Visibility of dyn-visible" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Form, new() { Name = "Visibility of dyn-visible" });
        await Expect(editor).ToContainTextAsync("No override");
        await editor.GetByLabel("Users (account ids)").FillAsync("u-alice, u-bob");
        await editor.GetByLabel("Projects (keys)").FillAsync("PRJ");
        await _session.SnapAsync("visibility-editor");
        await editor.GetByLabel("Projects (keys)").PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("module.visibility");
        var stored = await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/modules/{_app.Key}/dyn-visible/visibility");
        stored!["override"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()).ShouldBe(["u-alice", "u-bob"]);
        stored["override"]!["projects"]![0]!.GetValue<string>().ShouldBe("PRJ");
        (await KeysAsync("?user=u-carol&project=PRJ")).ShouldNotContain("dyn-visible");
        (await KeysAsync("?user=u-bob&project=PRJ")).ShouldContain("dyn-visible");

        // The list re-renders on the change; opening the editor again shows what is in force.
        await row.GetByRole(AriaRole.Button, new() { Name = "Visibility of dyn-visible" }).ClickAsync();
        await Expect(editor).ToContainTextAsync("Override in force: users: u-alice, u-bob; projects: PRJ.");
        await Expect(editor.GetByLabel("Users (account ids)")).ToHaveValueAsync("u-alice, u-bob");

        // A bad value is refused with the service's explanation, nothing changes.
        await editor.GetByLabel("Roles").FillAsync(new string('r', 300));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save override" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Alert)).ToContainTextAsync("roles[0]");

        await editor.GetByRole(AriaRole.Button, new() { Name = "Clear override" }).ClickAsync();
        // Said once the service has answered (the status still shows the save until then).
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Visibility override of dyn-visible cleared");
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/modules/{_app.Key}/dyn-visible/visibility"))!["override"].ShouldBeNull();
        (await KeysAsync("?user=u-carol")).ShouldContain("dyn-visible");
        _session.ConsoleErrors.Where(e => !e.Contains("status of 400", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private async Task<List<string>> KeysAsync(string query) =>
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/modules{query}"))!["modules"]!.AsArray()
            .Select(m => m!["key"]!.GetValue<string>()).ToList();
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

public sealed partial class AdminPageTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
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
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-keep"), DynamicModuleSeeder.WebItem("dyn-doomed")),
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

    private async Task<IPage> OpenAsync(string path = "/admin")
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), _host.BaseUrl + path);
        return _session.Page;
    }

    private Task SignInAsOperatorAsync(IPage page) => _session!.SignInAsOperatorAsync(ServiceHost.OperatorKey);

    private void NoConsoleErrors() => _session!.ShouldHaveNoConsoleErrors();

    private Task SnapAsync(IPage page, string name) => _session!.SnapAsync(name);

    [Fact]
    public async Task OperatorSignsInAndSeesTheTenantsAppsWithUsageAndQuota()
    {
        var page = await OpenAsync();
        await SignInAsOperatorAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = _tenant }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Apps of {_tenant}" })).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-app='{_app.Key}']");
        await Expect(row.Locator(".used-of-limit")).ToHaveTextAsync("2 / 100");
        await Expect(row).ToContainTextAsync("enabled");

        // Change the quota with the keyboard only: type into the labelled field, submit with Enter.
        var limit = page.GetByLabel($"Limit for {_app.Key}");
        await limit.FillAsync("7");
        await limit.PressAsync("Enter");
        await Expect(page.Locator($"tr[data-app='{_app.Key}'] .used-of-limit")).ToHaveTextAsync("2 / 7");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Limit of");
        var quotas = await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/quotas");
        quotas!["apps"]![0]!["limit"]!.GetValue<int>().ShouldBe(7);
        await SnapAsync(page, "apps");
        NoConsoleErrors();
    }

    [Fact]
    public async Task ModuleDefinitionOpensAndClosesAndShowsTheStoredJson()
    {
        var page = await OpenAsync();
        await SignInAsOperatorAsync(page);
        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/modules");

        var row = page.Locator($"tr[data-module='{_app.Key}/static-item']");
        await Expect(row).ToContainTextAsync("static");
        var toggle = row.GetByRole(AriaRole.Button, new() { Name = "Show definition" });
        await toggle.ClickAsync();
        var definition = row.Locator("pre.definition");
        await Expect(definition).ToBeVisibleAsync();
        await Expect(definition).ToContainTextAsync("\"location\": \"system.top.navigation.bar\"");
        await SnapAsync(page, "modules");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Hide definition" })).ToHaveAttributeAsync("aria-expanded", "true");
        await row.GetByRole(AriaRole.Button, new() { Name = "Hide definition" }).ClickAsync();
        await Expect(definition).ToBeHiddenAsync();

        await Expect(page.Locator($"tr[data-module='{_app.Key}/dyn-keep']")).ToContainTextAsync("dynamic");
        NoConsoleErrors();
    }

    [Fact]
    public async Task ModulesPageShowsNewModulesLiveWithoutAReload()
    {
        var page = await OpenAsync();
        await SignInAsOperatorAsync(page);
        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/modules");
        await Expect(page.Locator($"tr[data-module='{_app.Key}/dyn-keep']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("window.__sameDocument = true");

        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webPanels"] = new JsonArray(DynamicModuleSeeder.WebPanel("dyn-live")),
        });

        await Expect(page.Locator($"tr[data-module='{_app.Key}/dyn-live']")).ToContainTextAsync("webPanels");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("module.register");
        (await page.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue("the page must not have reloaded");
        NoConsoleErrors();
    }

    [Fact]
    public async Task DeletingADynamicModuleRemovesItAndTheAuditLogShowsIt()
    {
        var page = await OpenAsync();
        await SignInAsOperatorAsync(page);
        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/modules");

        var doomed = page.Locator($"tr[data-module='{_app.Key}/dyn-doomed']");
        await doomed.GetByRole(AriaRole.Button, new() { Name = "Delete dyn-doomed" }).ClickAsync();
        await doomed.GetByRole(AriaRole.Button, new() { Name = "Confirm delete of dyn-doomed" }).ClickAsync();
        await Expect(doomed).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-module='{_app.Key}/dyn-keep']")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deleted dynamic module dyn-doomed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var record = page.Locator("tr[data-operation='module.delete']");
        await Expect(record).ToContainTextAsync("dyn-doomed");
        await Expect(record).ToContainTextAsync("operator");
        await SnapAsync(page, "audit");
        NoConsoleErrors();
    }

    [Fact]
    public async Task TenantScopedLinkSeesItsTenantOnlyAndNotAnother()
    {
        var other = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var link = (await (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{other}/admin-links", new { lifetimeMinutes = 5 }))
            .Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        var page = await OpenAsync(new Uri(link).PathAndQuery + new Uri(link).Fragment);
        _session!.Expected404Paths.Add($"/api/v1/tenants/{_tenant}/");
        // An admin link opens on its tenant's dashboard.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dashboard of {other}" })).ToBeVisibleAsync();
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"Signed in for tenant {other}");
        // The token left the address bar as soon as it was read.
        page.Url.ShouldNotContain("token=");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Apps of {other}" })).ToBeVisibleAsync();

        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/modules");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"No tenant '{_tenant}'");
        await Expect(page.Locator("tr[data-module]")).ToHaveCountAsync(0);
        NoConsoleErrors();
    }

    [Fact]
    public async Task WrongKeyIsRefusedAndSignOutReturnsToSignIn()
    {
        var page = await OpenAsync();
        await page.GetByLabel("Operator key").FillAsync("not-the-key");
        await page.GetByLabel("Operator key").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key was not accepted.");

        await SignInAsOperatorAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Operator key")).ToBeFocusedAsync();
        (await page.EvaluateAsync<int>("sessionStorage.length")).ShouldBe(0);
        _session!.ConsoleErrors.RemoveAll(error => error.Contains("status of 401", StringComparison.Ordinal));
        NoConsoleErrors();
    }

    [Fact]
    public async Task EmptyDeliveriesSayNoneAndThePlaygroundEvaluatesAndAnalysesFilters()
    {
        var page = await OpenAsync();
        await SignInAsOperatorAsync(page);
        await page.GotoAsync($"{_host.BaseUrl}/admin#/tenants/{_tenant}/deliveries");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Deliveries of {_tenant}" })).ToBeVisibleAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("No deliveries yet.");
        await SnapAsync(page, "deliveries");

        await page.GetByRole(AriaRole.Link, new() { Name = "Expression playground" }).ClickAsync();
        await page.GetByLabel("Filter").FillAsync("event.issue.fields.labels.includes('urgent')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.Locator("#pg-result")).ToContainTextAsync("Matchedyes");
        await SnapAsync(page, "playground");

        await page.GetByLabel("Filter").FillAsync("event.issue ==");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.Locator("#pg-result")).ToContainTextAsync(LineColumn());

        await page.GetByLabel("Language").SelectOptionAsync("jql");
        await page.GetByLabel("Filter").FillAsync("labels = urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyse only" }).ClickAsync();
        await Expect(page.Locator("#pg-result")).ToContainTextAsync(ValidYes());
        NoConsoleErrors();
    }

    [GeneratedRegex(@"Line 1, column \d+")]
    private static partial Regex LineColumn();

    [GeneratedRegex("Validyes")]
    private static partial Regex ValidYes();
}

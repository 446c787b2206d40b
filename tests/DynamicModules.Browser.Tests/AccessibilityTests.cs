using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// axe-core over every page and state of the admin page, with real data behind it: no serious or critical violation anywhere.
/// And the check itself can fail: a page built to break the rules is caught.
/// </summary>
public sealed class AccessibilityTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private DeliveryScenario _scenario = null!;
    private BrowserSession? _session;

    public async ValueTask InitializeAsync()
    {
        browser.Require();
        _scenario = await DeliveryScenario.StartAsync();
        await _scenario.PublishHourlyAsync(2);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _scenario.DisposeAsync();
    }

    [Fact]
    public async Task EveryPageAndStateHasNoSeriousOrCriticalViolation()
    {
        var baseUrl = _scenario.Host.BaseUrl + "/admin";
        var tenant = _scenario.Tenant;
        _session = await BrowserSession.OpenAsync(browser.Require(), baseUrl);
        var page = _session.Page;
        var checkedStates = new List<string>();
        async Task Check(string state)
        {
            await AxeCheck.ShouldPassAsync(page, state);
            checkedStates.Add(state);
        }

        await Expect(page.GetByLabel("Operator key")).ToBeFocusedAsync();
        await Check("sign-in");
        await page.GetByLabel("Operator key").FillAsync("wrong");
        await page.GetByLabel("Operator key").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key was not accepted.");
        await Check("sign-in refused");

        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);
        await Expect(page.Locator("#deliveries-chart")).ToBeVisibleAsync();
        await Check("service dashboard, 24 hours");
        foreach (var summary in await page.Locator("details.chart-data summary").AllAsync())
        {
            await summary.ClickAsync();
        }

        await Check("service dashboard with its data tables open");
        await page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" })).ToHaveAttributeAsync("aria-current", "page");
        await Check("service dashboard, 7 days");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeVisibleAsync();
        await Check("tenants");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/dashboard");
        await Expect(page.Locator("#quota-chart")).ToBeVisibleAsync();
        await Check("tenant dashboard");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/apps");
        await Expect(page.Locator("tr[data-app]")).ToHaveCountAsync(1);
        await Check("apps and quotas");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/modules");
        var dynamicRow = page.Locator($"tr[data-module='{_scenario.App.Key}/dyn-item']");
        await dynamicRow.GetByRole(AriaRole.Button, new() { Name = "Show definition" }).ClickAsync();
        await dynamicRow.GetByRole(AriaRole.Button, new() { Name = "Delete dyn-item" }).ClickAsync();
        await Expect(dynamicRow.GetByRole(AriaRole.Button, new() { Name = "Confirm delete of dyn-item" })).ToBeFocusedAsync();
        await Check("modules, a definition open and a delete to confirm");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/audit");
        await Expect(page.Locator("tr[data-operation]").First).ToBeVisibleAsync();
        await Check("audit log");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/deliveries?limit=3");
        await Expect(page.Locator("tr[data-delivery]")).ToHaveCountAsync(3);
        await page.Locator("tr[data-delivery]").First.GetByRole(AriaRole.Button, new() { Name = "Show details" }).ClickAsync();
        await Check("deliveries, one page with details open");
        await page.GetByLabel("Replay status").SelectOptionAsync("succeeded");
        await page.GetByLabel("Created").SelectOptionAsync("1");
        _scenario.App.DeliveryStatus = _ => 200;
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("queued again");
        await Check("deliveries after a replay");

        await page.GotoAsync($"{baseUrl}#/tenants/{tenant}/deliveries?status=pending");
        await Expect(page.Locator(".notice")).ToBeVisibleAsync();
        await Check("deliveries, none with the status");

        await page.GotoAsync($"{baseUrl}#/playground");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.Locator("#pg-result")).ToContainTextAsync("Matched");
        await Check("playground with a result");
        await page.GetByLabel("Filter").FillAsync("event.issue ==");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.Locator("#pg-result")).ToContainTextAsync("Line 1");
        await Check("playground with an invalid filter");

        // A tenant's admin, through a signed link.
        var link = (await (await _scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/admin-links", new { lifetimeMinutes = 5 }))
            .Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        await page.GotoAsync("about:blank");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dashboard of {tenant}" })).ToBeVisibleAsync();
        await Check("admin link dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Operator key")).ToBeFocusedAsync();
        await Check("signed out");

        checkedStates.Count.ShouldBe(17);
        _session.ConsoleErrors.RemoveAll(error => error.Contains("status of 401", StringComparison.Ordinal));
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task TheCheckFailsOnAPageThatBreaksTheRules()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), "about:blank");
        await _session.Page.SetContentAsync(
            """
            <!doctype html>
            <html><head><title>Broken on purpose</title></head>
            <body>
              <main>
                <h1>Broken on purpose</h1>
                <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
                <button type="button"></button>
                <input type="text">
                <p class="faint">Barely readable</p>
                <svg role="img" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>
              </main>
              <style>.faint { color: #eee; background: #fff; }</style>
            </body></html>
            """);

        var violations = await AxeCheck.SeriousViolationsAsync(_session.Page);

        var rules = violations.Select(violation => violation[..violation.IndexOf(' ', StringComparison.Ordinal)]).ToList();
        rules.ShouldContain("image-alt");
        rules.ShouldContain("button-name");
        rules.ShouldContain("label");
        rules.ShouldContain("color-contrast");
        rules.ShouldContain("svg-img-alt");
    }
}

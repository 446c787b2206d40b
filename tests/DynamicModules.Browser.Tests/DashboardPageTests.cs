using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// The dashboard in Chromium against real deliveries (succeeded, retried, failed and dead, five events an hour apart on the
/// service's fake clock): the figures, the SVG charts with their words and tables, the windows, the tenant's dashboard; and the
/// deliveries page's module and target columns, "load more" and bulk replay. With DYNMOD_BROWSER_SCREENSHOTS set (docs/screenshots.sh)
/// the states are saved as the images in docs/images.
/// </summary>
public sealed class DashboardPageTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private const int Events = 5;

    private DeliveryScenario _scenario = null!;
    private BrowserSession? _session;

    public async ValueTask InitializeAsync()
    {
        browser.Require();
        _scenario = await DeliveryScenario.StartAsync();
        await _scenario.PublishHourlyAsync(Events);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _scenario.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), _scenario.Host.BaseUrl + "/admin", new() { Width = 1280, Height = 900 });
        await _session.SignInAsOperatorAsync(Server.Tests.Infrastructure.ServiceHost.OperatorKey);
        return _session.Page;
    }

    private Task<JsonObject?> ApiAsync(string path) => _scenario.Host.Operator.GetFromJsonAsync<JsonObject>(path);

    [Fact]
    public async Task TheServiceDashboardDrawsTheDeliveryOutcomesLagOutboxFailingEndpointsAndQuotas()
    {
        var page = await SignedInAsync();
        var figures = (await ApiAsync("api/v1/dashboard"))!;

        // Per event: ok and flaky succeed, flaky is retried twice, down is retried twice and dies, gone fails at once.
        await Expect(page.Locator("[data-figure='succeeded'] .figure-value")).ToHaveTextAsync($"{2 * Events}");
        await Expect(page.Locator("[data-figure='retried'] .figure-value")).ToHaveTextAsync($"{4 * Events}");
        await Expect(page.Locator("[data-figure='failed'] .figure-value")).ToHaveTextAsync($"{Events}");
        await Expect(page.Locator("[data-figure='dead'] .figure-value")).ToHaveTextAsync($"{Events}");
        await Expect(page.Locator("[data-figure='outbox'] .figure-value")).ToHaveTextAsync("0");
        figures["totals"]!["succeeded"]!.GetValue<long>().ShouldBe(2 * Events);

        // The chart is an image with a name and a description in words, and one bar segment per outcome and hour that had one.
        var chart = page.Locator("#deliveries-chart");
        await Expect(chart).ToHaveAttributeAsync("role", "img");
        await Expect(chart.Locator("desc")).ToContainTextAsync($"{2 * Events} succeeded, {4 * Events} retried, {Events} failed, {Events} dead-lettered");
        var hoursWithData = figures["hours"]!.AsArray().Count(hour => hour!["dead"]!.GetValue<long>() > 0);
        hoursWithData.ShouldBeGreaterThanOrEqualTo(Events - 1, "one event an hour; two may share an hour bucket at most once");
        (await chart.Locator("rect.series-dead").CountAsync()).ShouldBe(hoursWithData);
        (await chart.Locator("rect.series-failed").CountAsync()).ShouldBe(hoursWithData);
        await Expect(page.Locator("#lag-chart desc")).ToContainTextAsync($"over {2 * Events} deliveries");
        await Expect(page.Locator("#outbox-summary")).ToHaveTextAsync("The outbox is empty: nothing is waiting to be delivered.");

        var down = page.Locator($"tr[data-endpoint='{_scenario.App.BaseUrl}/hooks/down']");
        await Expect(down).ToContainTextAsync($"{3 * Events}");
        await Expect(down).ToContainTextAsync("100%");
        await Expect(down.GetByRole(AriaRole.Link, new() { Name = _scenario.Tenant })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-endpoint$='/hooks/ok']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#quota-chart desc")).ToHaveTextAsync($"{_scenario.Tenant} · {_scenario.App.Key}: 2 of 3");
        await _session!.SnapAsync("dashboard-24h");

        // The numbers as a table: one row per hour.
        await page.GetByText("Deliveries per hour as a table").ClickAsync();
        await Expect(page.Locator("details.chart-data[open] tbody tr")).ToHaveCountAsync(24);

        await page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("#deliveries-chart title").First).ToContainTextAsync("last 7 days");
        await page.GetByText("Deliveries per hour as a table").ClickAsync();
        await Expect(page.Locator("details.chart-data[open] tbody tr")).ToHaveCountAsync(168);
        await Expect(page.Locator("[data-figure='dead'] .figure-value")).ToHaveTextAsync($"{Events}");
        await page.GetByText("Deliveries per hour as a table").ClickAsync();
        await _session.SnapAsync("dashboard-7d");
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task AnAdminLinkOpensOnItsTenantsDashboard()
    {
        var link = (await (await _scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{_scenario.Tenant}/admin-links", new { lifetimeMinutes = 5 }))
            .Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        var url = new Uri(link);
        _session = await BrowserSession.OpenAsync(browser.Require(), _scenario.Host.BaseUrl + url.PathAndQuery + url.Fragment, new() { Width = 1280, Height = 900 });
        var page = _session.Page;

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dashboard of {_scenario.Tenant}" })).ToBeVisibleAsync();
        await Expect(page.Locator("nav.tabs a").First).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("nav.tabs a[aria-current='page']")).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("[data-figure='dead'] .figure-value")).ToHaveTextAsync($"{Events}");
        // A tenant's own view does not name the tenant in every row.
        await Expect(page.Locator("#quota-chart desc")).ToHaveTextAsync($"{_scenario.App.Key}: 2 of 3");
        await Expect(page.Locator("#main-nav a[data-nav='dashboard']")).ToHaveAttributeAsync("href", $"#/tenants/{_scenario.Tenant}/dashboard");
        await _session.SnapAsync("dashboard-tenant");
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task DeliveryRowsShowModuleAndTargetLoadMoreAndBulkReplayRequeuesFailures()
    {
        var page = await SignedInAsync();
        await page.GotoAsync($"{_scenario.Host.BaseUrl}/admin#/tenants/{_scenario.Tenant}/deliveries?limit=8");

        var rows = page.Locator("tr[data-delivery]");
        await Expect(rows).ToHaveCountAsync(8);
        var first = rows.First;
        await Expect(first).ToContainTextAsync("webhook hook-ok");
        await Expect(first).ToContainTextAsync($"{_scenario.App.BaseUrl}/hooks/ok");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(16);
        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(Events * DeliveryScenario.DeliveriesPerEvent);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToBeHiddenAsync();
        await Expect(page.Locator("tr[data-delivery]:has-text('/hooks/down')").First).ToContainTextAsync("dead");

        // Replay the failed and dead deliveries of the last 24 hours; the receiver now answers 200 everywhere.
        _scenario.App.DeliveryStatus = _ => 200;
        await page.GetByLabel("Created").SelectOptionAsync("24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{2 * Events} deliveries are queued again.");
        var settled = await _scenario.SettleAsync(Events * DeliveryScenario.DeliveriesPerEvent);
        settled.ShouldAllBe(d => d!["status"]!.GetValue<string>() == "succeeded");
        // Filtered to succeeded (the filter keeps the default page size), every delivery is listed.
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("succeeded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(Events * DeliveryScenario.DeliveriesPerEvent);
        await Expect(page.Locator("tr[data-delivery]:has-text('/hooks/down')").First).ToContainTextAsync("succeeded");
        await _session!.SnapAsync("deliveries-replayed");
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task ModuleRowsSayWhatWebhooksAndTriggersDo()
    {
        var page = await SignedInAsync();
        await page.GotoAsync($"{_scenario.Host.BaseUrl}/admin#/tenants/{_scenario.Tenant}/modules");

        var webhook = page.Locator($"tr[data-module='{_scenario.App.Key}/hook-down'] dl.facts");
        await Expect(webhook).ToContainTextAsync("Eventjira:issue_created");
        await Expect(webhook).ToContainTextAsync("URL/hooks/down");
        var trigger = page.Locator($"tr[data-module='{_scenario.App.Key}/dyn-assign'] dl.facts");
        await Expect(trigger).ToContainTextAsync("Eventsavi:jira:updated:issue");
        await Expect(trigger).ToContainTextAsync("Targetfunction assign");
        await Expect(trigger).ToContainTextAsync("Filterevent.issue.fields.priority.name == 'High'");
        await Expect(page.Locator($"tr[data-module='{_scenario.App.Key}/dyn-item'] dl.facts")).ToContainTextAsync("Locationsystem.top.navigation.bar");
        await _session!.SnapAsync("modules-described");
        _session.ShouldHaveNoConsoleErrors();
    }
}

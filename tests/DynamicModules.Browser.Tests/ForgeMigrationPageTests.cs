using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// The admin page's Connect → Forge migration (migration.js) in headless Chromium against the real service: a Connect app
/// with dynamic modules, upgraded to a Forge manifest with <c>app.connect.key</c>, is planned, applied and re-planned
/// from its row on the apps tab; an app that cannot migrate shows the service's reason; nothing shows before sign-in;
/// every state passes axe.
/// </summary>
public sealed class ForgeMigrationPageTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private ServiceHost _host = null!;
    private InstalledApp _connect = null!;
    private BrowserSession? _session;

    private string Tenant => _connect.TenantKey;

    private string AppKey => _connect.App.Key;

    private string BaseUrl => _host.BaseUrl + "/admin";

    public async ValueTask InitializeAsync()
    {
        browser.Require();
        _host = await ServiceHost.StartAsync();
        _connect = await InstalledApp.CreateAsync(_host);
        var registered = await _connect.RegisterAsync(new JsonObject
        {
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["key"] = "issue-hook",
                ["event"] = "jira:issue_updated",
                ["url"] = "/hooks/issue-updated",
                ["filter"] = "project = DEMO",
            }),
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("nav-item", "operations-top-level")),
            ["webSections"] = new JsonArray(new JsonObject
            {
                ["key"] = "tools-section",
                ["location"] = "admin_plugins_menu",
                ["name"] = new JsonObject { ["value"] = "Tools" },
            }),
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());

        // The Forge manifest that takes the Connect installation over (DESIGN §4.5): same row, same secret, same modules.
        var upgrade = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{Tenant}/apps", new { manifest = Manifest(AppKey, _connect.App.BaseUrl) });
        upgrade.StatusCode.ShouldBe(HttpStatusCode.OK, await upgrade.Content.ReadAsStringAsync());
        (await upgrade.Content.ReadFromJsonAsync<JsonObject>())!["operation"]!.GetValue<string>().ShouldBe("app.upgrade");
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _connect.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task TheOperatorSeesThePlanAppliesItAndTheModuleListShowsTheForgeModules()
    {
        // The service's own plan, to hold the page to: the webhook converts to a trigger and the web section stays (the
        // issue's mappings); whether the web item converts is the planner's call, and the page must show it either way.
        var expected = await PlanAsync();
        expected["issue-hook"]["status"]!.GetValue<string>().ShouldBe("planned");
        expected["tools-section"]["status"]!.GetValue<string>().ShouldBe("staysConnect");
        var converting = expected.Values.Count(m => m["status"]!.GetValue<string>() == "planned");
        var staying = expected.Count - converting;

        _session = await BrowserSession.OpenAsync(browser.Require(), BaseUrl);
        var page = _session.Page;
        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);
        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/apps");
        var action = page.GetByRole(AriaRole.Link, new() { Name = $"Migrate to Forge: {AppKey}" });
        await Expect(action).ToBeVisibleAsync();
        await AxeCheck.ShouldPassAsync(page, "apps with their migration action");
        await action.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Migrate {AppKey} to Forge", Level = 1 })).ToBeFocusedAsync();
        var plan = page.Locator("table.migration-plan");
        await Expect(plan.Locator("tbody tr")).ToHaveCountAsync(3);
        (await plan.Locator("thead th").AllTextContentsAsync()).ShouldBe(
            ["Connect key", "Connect type", "→ Forge type", "New key", "Status", "Reason", "Forge data"]);
        foreach (var (key, module) in expected)
        {
            var cells = await CellsAsync(Row(plan, key));
            cells.Take(6).ShouldBe([key, module["type"]!.GetValue<string>(), Text(module["forgeType"]), Text(module["newKey"]),
                StatusLabel(module["status"]!.GetValue<string>()), Text(module["reason"])], $"the row of {key}");
        }

        var hook = Row(plan, "issue-hook");
        (await CellsAsync(hook)).Take(5).ShouldBe(["issue-hook", "webhooks", "trigger", "issue-hook", "planned"]);
        (await CellsAsync(Row(plan, "tools-section")))[5].ShouldNotBeEmpty();
        // The manifest declares no endpoint at the webhook's URL: the trigger gets one derived on app.connect.remote.
        await Expect(hook.Locator(".derived-endpoint")).ToContainTextAsync("derived on remote backend, route /hooks/issue-updated");
        await Expect(page.Locator("#migration-summary")).ToHaveTextAsync(
            $"Plan (dry run, nothing changed yet): {Count(converting, "module converts", "modules convert")} to Forge, "
            + $"{Count(staying, "module stays a Connect module", "modules stay Connect modules")}.");

        // The trigger's Forge data: the event through the catalog and the JQL filter as an expression.
        await hook.GetByRole(AriaRole.Button, new() { Name = "Show Forge data" }).ClickAsync();
        var data = JsonNode.Parse(await hook.Locator("pre").TextContentAsync() ?? "")!.AsObject();
        data["events"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["avi:jira:updated:issue"]);
        data["filter"]!["expression"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        JsonNode.DeepEquals(data, expected["issue-hook"]["data"]).ShouldBeTrue();
        await Expect(page.Locator("table.migration-modules tbody tr[data-app-module='issue-hook'] td").First).ToHaveTextAsync("webhooks");
        await AxeCheck.ShouldPassAsync(page, "migration plan with Forge data open");
        await _session.SnapAsync("forge-migration-plan");

        // The dry run changed nothing.
        (await _connect.ListKeysAsync()).ShouldBe(["issue-hook", "nav-item", "tools-section"]);

        // Apply, with the keyboard: the confirmation takes focus, Cancel gives it back, Enter confirms.
        var apply = page.GetByRole(AriaRole.Button, new() { Name = $"Apply migration of {AppKey}" });
        await apply.ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = $"Confirm: convert {Count(converting, "module", "modules")}" });
        await Expect(confirm).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).PressAsync("Enter");
        await Expect(apply).ToBeFocusedAsync();
        (await _connect.ListKeysAsync()).ShouldBe(["issue-hook", "nav-item", "tools-section"]);
        await page.Keyboard.PressAsync("Enter");
        await Expect(confirm).ToBeFocusedAsync();
        await AxeCheck.ShouldPassAsync(page, "migration apply to confirm");
        await page.Keyboard.PressAsync("Enter");

        var applied = $"{Count(converting, "module", "modules")} converted, {Count(staying, "module stays a Connect module", "modules stay Connect modules")}";
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Result", Level = 2 })).ToBeFocusedAsync();
        await Expect(page.Locator("#migration-summary")).ToHaveTextAsync($"Applied: {applied}.");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Applied: {applied}");
        foreach (var (key, module) in expected)
        {
            await Expect(Row(plan, key)).ToHaveAttributeAsync("data-status", module["status"]!.GetValue<string>() == "planned" ? "converted" : "staysConnect");
        }

        // The app's module list, refreshed: the Forge modules in place of the converted Connect ones.
        var modules = page.Locator("table.migration-modules");
        await Expect(modules.Locator("tbody tr[data-app-module='issue-hook'] td").First).ToHaveTextAsync("trigger");
        await Expect(modules.Locator("tbody tr[data-app-module='tools-section'] td").First).ToHaveTextAsync("webSections");
        await Expect(modules.Locator("tbody tr[data-app-module='issue-created'] td").First).ToHaveTextAsync("trigger");
        var after = expected.Select(m => m.Value["status"]!.GetValue<string>() == "planned"
            ? $"{m.Value["newKey"]!.GetValue<string>()}:{m.Value["forgeType"]!.GetValue<string>()}"
            : $"{m.Key}:{m.Value["type"]!.GetValue<string>()}").Append("issue-created:trigger").ToList();
        await Expect(modules.Locator("tbody tr")).ToHaveCountAsync(after.Count);
        var shown = new List<string>();
        foreach (var row in await modules.Locator("tbody tr").AllAsync())
        {
            var cells = await CellsAsync(row);
            shown.Add($"{cells[0]}:{cells[1]}");
        }

        shown.ShouldBe(after, ignoreOrder: true);
        await AxeCheck.ShouldPassAsync(page, "migration applied");
        await _session.SnapAsync("forge-migration-applied");

        // The service agrees: the operator's read has the same modules, the Connect API lists only those that stayed.
        var read = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{Tenant}/modules?app={AppKey}"))!["modules"]!.AsArray();
        read.Select(m => $"{m!["key"]}:{m["type"]}").ShouldBe(after, ignoreOrder: true);
        (await _connect.ListKeysAsync()).ShouldBe([.. expected.Where(m => m.Value["status"]!.GetValue<string>() != "planned").Select(m => m.Key).Order()]);

        // Planning again shows the earlier application; there is nothing left to apply.
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the plan again" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan", Level = 2 })).ToBeFocusedAsync();
        await Expect(Row(plan, "issue-hook")).ToHaveAttributeAsync("data-status", "alreadyConverted");
        (await CellsAsync(Row(plan, "issue-hook"))).Take(5).ShouldBe(["issue-hook", "webhooks", "trigger", "issue-hook", "already converted"]);
        await Expect(page.Locator("#migration-summary")).ToHaveTextAsync(
            $"Plan (dry run, nothing changed yet): 0 modules convert to Forge, {Count(converting, "module was", "modules were")} converted before, "
            + $"{Count(staying, "module stays a Connect module", "modules stay Connect modules")}.");
        await Expect(apply).ToHaveCountAsync(0);
        await Expect(page.GetByText("Nothing to convert")).ToBeVisibleAsync();
        await AxeCheck.ShouldPassAsync(page, "migration planned again");
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task AnApplyTheServiceRefusesShowsItsDetailAndLeavesThePlan()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), BaseUrl);
        var page = _session.Page;
        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);
        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/forge-migration?app={AppKey}");
        await Expect(Row(page.Locator("table.migration-plan"), "issue-hook")).ToHaveAttributeAsync("data-status", "planned");

        // Between the plan and the confirmation the app is uninstalled: the service refuses, the page says why.
        (await _host.Operator.DeleteAsync($"api/v1/tenants/{Tenant}/apps/{AppKey}")).EnsureSuccessStatusCode();
        var refused = await _host.Operator.PostAsync($"api/v1/tenants/{Tenant}/apps/{AppKey}/migrate-to-forge?dryRun=false", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Apply migration of {AppKey}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm: convert" }).ClickAsync();

        var alert = page.Locator(".migration-apply").GetByRole(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync($"Could not apply the migration: {detail}");
        await Expect(alert).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Apply migration of {AppKey}" })).ToBeVisibleAsync();
        await Expect(Row(page.Locator("table.migration-plan"), "issue-hook")).ToHaveAttributeAsync("data-status", "planned");
        await AxeCheck.ShouldPassAsync(page, "migration apply refused");
        _session.ConsoleErrors.RemoveAll(error => error.Contains("status of 409", StringComparison.Ordinal));
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task AnAppThatIsNoForgeUpgradeShowsTheServicesReasonAndNoApply()
    {
        await using var plain = await InstalledApp.CreateAsync(_host, _connect.Tenant);
        var refused = await _host.Operator.PostAsync($"api/v1/tenants/{Tenant}/apps/{plain.App.Key}/migrate-to-forge?dryRun=true", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        _session = await BrowserSession.OpenAsync(browser.Require(), BaseUrl);
        var page = _session.Page;
        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);

        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/apps");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Migrate to Forge: {plain.App.Key}" }).ClickAsync();

        await Expect(page.Locator("[data-migration='unavailable']")).ToHaveTextAsync(detail);
        await Expect(page.Locator("table.migration-plan")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Apply migration of {plain.App.Key}" })).ToHaveCountAsync(0);
        // The app's modules are still listed (its descriptor's static web item).
        await Expect(page.Locator("table.migration-modules tbody tr[data-app-module='static-item']")).ToHaveCountAsync(1);
        await AxeCheck.ShouldPassAsync(page, "migration unavailable");

        // An unknown app: the 404 problem's detail, as an error.
        _session.Expected404Paths.Add("/migrate-to-forge");
        _session.Expected404Paths.Add("/modules?app=no-such-app");
        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/forge-migration?app=no-such-app");
        await Expect(page.Locator("section.migration").GetByRole(AriaRole.Alert)).ToContainTextAsync("Could not load the plan: ");
        _session.ConsoleErrors.RemoveAll(error => error.Contains("status of 409", StringComparison.Ordinal));
        _session.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task NothingShowsOrIsAskedBeforeSignInAndATenantAdminGetsNoMigration()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), "about:blank");
        var page = _session.Page;
        var migrationCalls = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/migrate-to-forge", StringComparison.Ordinal))
            {
                migrationCalls.Add(request.Url);
            }
        };

        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/forge-migration?app={AppKey}");
        await Expect(page.GetByLabel("Operator key")).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Migrate {AppKey} to Forge" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#view")).ToBeEmptyAsync();

        // A tenant's admin link: no migration action on the apps tab, and the view says it is the operator's.
        var link = (await (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{Tenant}/admin-links", new { lifetimeMinutes = 5 }))
            .Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        await page.GotoAsync("about:blank");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dashboard of {Tenant}" })).ToBeVisibleAsync();
        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/apps");
        await Expect(page.Locator($"tr[data-app='{AppKey}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-action='migrate-to-forge']")).ToHaveCountAsync(0);
        await page.GotoAsync($"{BaseUrl}#/tenants/{Tenant}/forge-migration?app={AppKey}");
        await Expect(page.GetByText("Only the operator can migrate an app to Forge.")).ToBeVisibleAsync();
        migrationCalls.ShouldBeEmpty();
        _session.ShouldHaveNoConsoleErrors();
    }

    private async Task<Dictionary<string, JsonObject>> PlanAsync()
    {
        var response = await _host.Operator.PostAsync($"api/v1/tenants/{Tenant}/apps/{AppKey}/migrate-to-forge?dryRun=true", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["modules"]!.AsArray()
            .ToDictionary(m => m!["key"]!.GetValue<string>(), m => m!.AsObject());
    }

    private static string Text(JsonNode? value) => value?.GetValue<string>() ?? "";

    private static string StatusLabel(string status) => status switch
    {
        "planned" => "planned",
        "converted" => "converted",
        "alreadyConverted" => "already converted",
        "staysConnect" => "stays Connect",
        _ => status,
    };

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private static ILocator Row(ILocator table, string key) => table.Locator($"tbody tr[data-migration-module='{key}']");

    private static async Task<List<string>> CellsAsync(ILocator row) =>
        [.. (await row.Locator("th, td").AllTextContentsAsync()).Select(text => text.Trim())];

    /// <summary>
    /// A Forge Remote manifest adopting the Connect app <paramref name="connectKey"/>, its remote at the app's base URL, with
    /// a resource for the web item's Forge UI (without one a web item stays a Connect module).
    /// </summary>
    private static string Manifest(string connectKey, string remoteUrl) => $"""
        app:
          id: ari:cloud:ecosystem::app/{Guid.NewGuid()}
          connect:
            key: {connectKey}
            remote: backend
          runtime:
            name: nodejs22.x
        modules:
          trigger:
            - key: issue-created
              events:
                - avi:jira:created:issue
              endpoint: on-event
          endpoint:
            - key: on-event
              remote: backend
              route:
                path: /forge/events
              auth:
                appSystemToken:
                  enabled: true
        resources:
          - key: nav-item
            path: static/nav-item
        remotes:
          - key: backend
            baseUrl: {remoteUrl}
            operations:
              - compute
        permissions:
          scopes:
            - read:jira-work
            - write:jira-work
            - storage:app
        """;
}

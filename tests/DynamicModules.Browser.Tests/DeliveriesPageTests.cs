using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

public sealed class DeliveriesPageTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private ServiceHost _host = null!;
    private FakeConnectApp _app = null!;
    private string _tenant = null!;
    private BrowserSession? _session;

    public async ValueTask InitializeAsync()
    {
        // Retries within milliseconds so a delivery is dead-lettered within the test.
        _host = await ServiceHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
            ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
            ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
            ["DynamicModules:Delivery:Timeout"] = "00:00:02",
            ["DynamicModules:Delivery:MaxAttempts"] = "3",
        });
        _app = await FakeConnectApp.StartAsync();
        _app.KeyServer = _host.BaseUrl;
        _app.DeliveryStatus = _ => 503;
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "hook", ["event"] = "jira:issue_created", ["url"] = "/hooks/created" }),
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

    private async Task<JsonObject> WaitForDeliveryAsync(string status)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            var page = await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/deliveries");
            if (page!["deliveries"]!.AsArray().SingleOrDefault() is JsonObject delivery && delivery["status"]!.GetValue<string>() == status)
            {
                return delivery;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No delivery reached status {status}.");
    }

    [Fact]
    public async Task DeadLetteredDeliveryIsShownWithItsFailureAndCanBeRedelivered()
    {
        var publish = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/events", new
        {
            id = Guid.NewGuid().ToString(),
            type = "avi:jira:created:issue",
            payload = new { issue = new { id = "10001", key = "PROJ-1", fields = new { summary = "Broken" } } },
        });
        ((int)publish.StatusCode).ShouldBe(202, await publish.Content.ReadAsStringAsync());
        var dead = await WaitForDeliveryAsync("dead");
        var id = dead["id"]!.GetValue<long>();

        _session = await BrowserSession.OpenAsync(browser.Require(), _host.BaseUrl + "/admin");
        var page = _session.Page;
        await _session.SignInAsOperatorAsync(ServiceHost.OperatorKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = _tenant }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("dead");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();

        var row = page.Locator($"tr[data-delivery='{id}']");
        await Expect(row).ToContainTextAsync("dead");
        await Expect(row).ToContainTextAsync(dead["eventType"]!.GetValue<string>());
        await Expect(row).ToContainTextAsync("gave up after 3 attempts");
        await _session.SnapAsync("deliveries-dead");

        _app.DeliveryStatus = _ => 200;
        await row.GetByRole(AriaRole.Button, new() { Name = $"Redeliver {id}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Delivery {id} is queued again.");
        (await WaitForDeliveryAsync("succeeded"))["id"]!.GetValue<long>().ShouldBe(id);
        _session.ShouldHaveNoConsoleErrors();
    }
}

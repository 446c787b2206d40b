using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// <c>/docs</c> in Chromium: the reference of our OpenAPI document renders with every request answered by the service
/// itself (nothing from a CDN or any other host), and without the buttons that lead to outside services.
/// </summary>
public sealed class ApiReferencePageTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DocsRendersOurOperationsOfflineWithoutOutsideServiceButtons()
    {
        var context = await browser.Require().NewContextAsync();
        await using var _ = context;
        var outside = new List<string>();
        // Anything not addressed to the service is refused and remembered: the page must not need it.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(_host.BaseUrl, StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                outside.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(_host.BaseUrl + "/docs");

        await Expect(page.GetByText("Dynamic Modules API").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Liveness check" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true })).ToBeVisibleAsync();
        outside.ShouldBeEmpty();
        foreach (var label in new[] { "Ask AI", "Generate SDK", "Deploy API", "Developer Tools", "Share" })
        {
            (await page.GetByRole(AriaRole.Button, new() { Name = label }).CountAsync()).ShouldBe(0, label);
            (await page.GetByRole(AriaRole.Link, new() { Name = label }).CountAsync()).ShouldBe(0, label);
        }
    }
}

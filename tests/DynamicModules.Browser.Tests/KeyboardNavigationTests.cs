using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>The admin page driven by the keyboard alone: no click, no mouse, only Tab, Enter, Space and arrow keys.</summary>
public sealed class KeyboardNavigationTests(AdminBrowser browser) : IClassFixture<AdminBrowser>, IAsyncLifetime
{
    private const int MaxTabs = 80;

    private DeliveryScenario _scenario = null!;
    private BrowserSession? _session;

    public async ValueTask InitializeAsync()
    {
        browser.Require();
        _scenario = await DeliveryScenario.StartAsync();
        await _scenario.PublishHourlyAsync(1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _scenario.DisposeAsync();
    }

    /// <summary>
    /// Presses Tab (Shift+Tab when <paramref name="backwards"/>) until the focused element is called <paramref name="name"/> (its
    /// label, aria-label or text); fails after <see cref="MaxTabs"/> presses.
    /// </summary>
    private static async Task TabToAsync(IPage page, string name, bool backwards = false)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focused = await page.EvaluateAsync<string>(
                """
                () => {
                  const e = document.activeElement;
                  if (!e) return '';
                  const label = e.labels && e.labels.length ? e.labels[0].textContent : null;
                  return (label || e.getAttribute('aria-label') || e.textContent || '').trim();
                }
                """);
            if (focused == name)
            {
                // A keyboard user sees where focus is: the focus ring is drawn.
                (await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle")).ShouldNotBe("none", name);
                return;
            }
        }

        Assert.Fail($"'{name}' was not reached with {MaxTabs} presses of Tab.");
    }

    [Fact]
    public async Task AnOperatorSignsInReadsTheDashboardAndWorksThroughATenantByKeyboardOnly()
    {
        _session = await BrowserSession.OpenAsync(browser.Require(), _scenario.Host.BaseUrl + "/admin");
        var page = _session.Page;

        // Focus starts in the key field; nav links are not reachable before sign-in.
        await Expect(page.GetByLabel("Operator key")).ToBeFocusedAsync();
        await Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
        await page.Keyboard.TypeAsync(ServiceHost.OperatorKey);
        await page.Keyboard.PressAsync("Enter");
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Exact = true });
        await Expect(heading).ToBeFocusedAsync();

        await TabToAsync(page, "Last 7 days");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(heading).ToBeFocusedAsync();
        // The chart's numbers open as a table with Enter.
        await TabToAsync(page, "Deliveries per hour as a table");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("details.chart-data[open] tbody tr")).ToHaveCountAsync(168);

        // The skip link comes first and takes focus to the content, without leaving the page it is on.
        await TabToAsync(page, "Skip to content", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#main")).ToBeFocusedAsync();
        await Expect(heading).ToBeVisibleAsync();

        await TabToAsync(page, "Tenants", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeFocusedAsync();
        await TabToAsync(page, _scenario.Tenant);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Apps of {_scenario.Tenant}" })).ToBeFocusedAsync();

        await TabToAsync(page, "Modules");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Modules of {_scenario.Tenant}" })).ToBeFocusedAsync();
        await TabToAsync(page, "Show definition");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("pre.definition:visible")).ToHaveCountAsync(1);

        await TabToAsync(page, "Deliveries", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Deliveries of {_scenario.Tenant}" })).ToBeFocusedAsync();
        await Expect(page.Locator("tr[data-delivery]")).ToHaveCountAsync(DeliveryScenario.DeliveriesPerEvent);

        // Bulk replay by keyboard: pick a status with the arrow keys, submit with Enter.
        _scenario.App.DeliveryStatus = _ => 200;
        await TabToAsync(page, "Replay status");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByLabel("Replay status")).ToHaveValueAsync("dead");
        await TabToAsync(page, "Replay");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 delivery is queued again.");
        (await _scenario.SettleAsync(DeliveryScenario.DeliveriesPerEvent)).Count(d => d!["status"]!.GetValue<string>() == "succeeded").ShouldBe(3);
        _session.ShouldHaveNoConsoleErrors();
    }
}

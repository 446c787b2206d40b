using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// One browser context and page on the admin page, collecting console errors and uncaught page errors so a test can
/// assert there were none. 404s logged for paths a test expects (another tenant's data) are left out.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.SetDefaultTimeout(10_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsExpected404(message))
            {
                ConsoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add("page error: " + error);
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Paths whose 404 answers the test expects (the browser logs every 4xx fetch as a console error).</summary>
    public List<string> Expected404Paths { get; } = [];

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, string url, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = viewport });
        var session = new BrowserSession(context, await context.NewPageAsync());
        await session.Page.GotoAsync(url);
        return session;
    }

    public async Task SignInAsOperatorAsync(string operatorKey)
    {
        await Page.GetByLabel("Operator key").FillAsync(operatorKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The dashboard is the first screen after sign-in.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Saves a screenshot when DYNMOD_BROWSER_SCREENSHOTS names a folder (for looking at the page, not for asserting).</summary>
    public async Task SnapAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("DYNMOD_BROWSER_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public void ShouldHaveNoConsoleErrors() => ConsoleErrors.ShouldBeEmpty();

    private bool IsExpected404(IConsoleMessage message) =>
        message.Text.Contains("status of 404", StringComparison.Ordinal)
        && Expected404Paths.Any(path => message.Location.Contains(path, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

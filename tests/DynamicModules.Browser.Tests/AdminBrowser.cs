using Microsoft.Playwright;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// One headless system Chromium for a test class. Without it (<see cref="ChromiumPath"/>) the tests skip, unless
/// DYNMOD_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run instead of passing it silently.
/// </summary>
public sealed class AdminBrowser : IAsyncLifetime
{
    /// <summary>/usr/bin/chromium, or DYNMOD_CHROMIUM_PATH for browsers installed elsewhere.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("DYNMOD_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static bool Required => Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_BROWSER") == "1";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>The browser, or a skipped (or, when required, failed) test.</summary>
    public IBrowser Require()
    {
        if (Browser is not null)
        {
            return Browser;
        }

        if (Required)
        {
            Assert.Fail($"DYNMOD_REQUIRE_BROWSER=1 but {ChromiumPath} is missing: install it with apt-get install -y --no-install-recommends chromium.");
        }

        Assert.Skip($"{ChromiumPath} is not installed; set DYNMOD_REQUIRE_BROWSER=1 to make this a failure.");
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

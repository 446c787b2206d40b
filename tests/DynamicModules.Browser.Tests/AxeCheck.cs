using System.Text.Json;
using Microsoft.Playwright;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// axe-core (pinned in <c>axe/package.json</c>, installed by <c>npm ci</c> there) run inside the page as it is: its source is
/// evaluated through the DevTools protocol, which the page's CSP does not govern, so the admin page is checked with its real CSP.
/// Without the package the check skips, unless DYNMOD_REQUIRE_NODE=1 (CI), where a missing package fails instead.
/// </summary>
public static class AxeCheck
{
    private static readonly Lazy<string?> Source = new(() => FindAxe() is { } path ? File.ReadAllText(path) : null);

    /// <summary>The impacts that fail a page.</summary>
    public static readonly string[] Failing = ["serious", "critical"];

    /// <summary>Runs axe on the page now; returns one line per serious or critical violation (rule, impact, where).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var source = Source.Value;
        if (source is null)
        {
            if (Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_NODE") == "1")
            {
                Assert.Fail("DYNMOD_REQUIRE_NODE=1 but axe-core is not installed: run npm ci in tests/DynamicModules.Browser.Tests/axe.");
            }

            Assert.Skip("axe-core is not installed: run npm ci in tests/DynamicModules.Browser.Tests/axe.");
        }

        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(source);
        }

        // Every WCAG 2.x A/AA rule and axe's best practices; results are reduced to what a test message needs.
        var found = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
              }));
            }
            """);
        return [.. found.EnumerateArray()
            .Where(violation => Failing.Contains(violation.GetProperty("impact").GetString()))
            .Select(violation => $"{violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}): "
                + $"{violation.GetProperty("help").GetString()} at {string.Join(" | ", violation.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")];
    }

    /// <summary>Fails the test with the violations of the page's current state, named <paramref name="state"/>.</summary>
    public static async Task ShouldPassAsync(IPage page, string state)
    {
        var violations = await SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"axe-core found serious or critical violations in the state '{state}'");
    }

    // The package folder beside this project's sources, found from the test binaries (bin/{Configuration}/{tfm}/).
    private static string? FindAxe()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "axe", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

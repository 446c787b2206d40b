using System.Text.RegularExpressions;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Conformance;

/// <summary>
/// Runs the Node conformance suite (tests/conformance/run.mjs: an unmodified atlassian-connect-express
/// app and raw atlassian-jwt probes, specs/connect.md §6) against the real service, one case per test,
/// each in its own tenant, on every storage engine under test (SQLite; PostgreSQL when configured). A failing Node check fails the test with the whole Node output. Without
/// <c>node</c> on PATH the tests skip, unless DYNMOD_REQUIRE_NODE=1 (set by .ci/run), then they fail.
/// </summary>
public sealed partial class AceConformanceTests(AceConformanceFixture fixture) : IClassFixture<AceConformanceFixture>
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(3);

    public static TheoryData<string> Engines => TestDatabases.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public Task InstallThroughTheOperatorApiIsAcceptedByAce(string engine) => RunCaseAsync("install", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task AceRegistersListsAndDeletesDynamicModules(string engine) => RunCaseAsync("register", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task RawAtlassianJwtProbesAreRefusedOrAcceptedAsConnectDoes(string engine) => RunCaseAsync("probes", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task ForgeRegistrationsCountAgainstTheConnectQuota(string engine) => RunCaseAsync("forge-quota", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task UninstallReinstallAndClashingUpgradeBehaveForAce(string engine) => RunCaseAsync("lifecycle", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task EventsAreDeliveredToAceWithConnectJwtAndStandardWebhooksHeaders(string engine) => RunCaseAsync("delivery", engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public Task AceAndConfluenceJsWorkUnderTheWikiContextPathOfAConfluenceTenant(string engine) => RunCaseAsync("confluence", engine);

    private async Task RunCaseAsync(string caseName, string engine)
    {
        if (fixture.Unavailable is { } reason)
        {
            if (Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_NODE") == "1")
            {
                Assert.Fail($"DYNMOD_REQUIRE_NODE=1 but the conformance suite cannot run: {reason}");
            }

            Assert.Skip($"Conformance suite not run: {reason} (set DYNMOD_REQUIRE_NODE=1 to make this a failure).");
        }

        var host = await fixture.HostAsync(engine);
        var tenant = $"ace-{caseName}-{Guid.NewGuid().ToString("N")[..8]}";
        var result = await AceConformanceFixture.RunAsync(
            fixture.Node!,
            ["run.mjs", "--service", host.BaseUrl, "--operator-key", ServiceHost.OperatorKey, "--tenant", tenant, "--case", caseName],
            fixture.SuiteDirectory,
            CaseTimeout,
            new Dictionary<string, string> { ["FORCE_COLOR"] = "0" });

        TestContext.Current.TestOutputHelper?.WriteLine(result.Output);
        var summary = SummaryLine().Matches(result.Output).LastOrDefault();
        result.ExitCode.ShouldBe(0, $"node run.mjs --case {caseName} ({engine}) failed (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s):\n{result.Output}");
        summary.ShouldNotBeNull($"node run.mjs --case {caseName} printed no 'N passed, N failed' line:\n{result.Output}");
        var passed = int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var skipped = summary.Groups["skipped"].Success ? int.Parse(summary.Groups["skipped"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (passed == 0 && skipped > 0)
        {
            var notes = SkipLine().Matches(result.Output).Select(m => m.Groups["note"].Value.Trim());
            Assert.Skip($"Case '{caseName}' could not run on this build: {string.Join("; ", notes)}");
        }

        passed.ShouldBeGreaterThan(0, $"node run.mjs --case {caseName} ran no check:\n{result.Output}");
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed(, (?<skipped>\d+) skipped)?\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^\s+skip\s+(?<note>.+)$", RegexOptions.Multiline)]
    private static partial Regex SkipLine();
}

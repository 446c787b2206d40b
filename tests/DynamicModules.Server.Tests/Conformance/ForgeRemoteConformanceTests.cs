using System.Text.RegularExpressions;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Conformance;

/// <summary>
/// Runs the Forge Remote fixture app (tests/conformance/forge-remote/run.mjs) against the real service on every storage
/// engine under test: a Node remote that verifies every FIT with jose against /.well-known/jwks.json, registers a dynamic
/// trigger back with its system token, receives events through it and answers an invoke. A failing Node check fails the
/// test with the whole Node output. Without <c>node</c> on PATH the tests skip, unless DYNMOD_REQUIRE_NODE=1.
/// </summary>
public sealed partial class ForgeRemoteConformanceTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim NpmGate = new(1, 1);

    public static TheoryData<string> Engines => TestDatabases.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AForgeRemoteVerifiesEveryFitWithJoseAndCallsBackWithItsSystemToken(string engine)
    {
        var suite = Path.Combine(RepositoryRoot(), "tests", "conformance", "forge-remote");
        var node = FindOnPath("node");
        var unavailable = node is null ? "node is not on PATH" : await EnsurePackagesAsync(suite);
        if (unavailable is not null)
        {
            if (Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_NODE") == "1")
            {
                Assert.Fail($"DYNMOD_REQUIRE_NODE=1 but the Forge Remote suite cannot run: {unavailable}");
            }

            Assert.Skip($"Forge Remote suite not run: {unavailable} (set DYNMOD_REQUIRE_NODE=1 to make this a failure).");
        }

        await using var host = await ServiceHost.StartAsync(engine);
        var result = await AceConformanceFixture.RunAsync(node!,
            ["run.mjs", "--service", host.BaseUrl, "--operator-key", ServiceHost.OperatorKey, "--tenant", $"forge-remote-{Guid.NewGuid().ToString("N")[..8]}"],
            suite, RunTimeout, new Dictionary<string, string> { ["FORCE_COLOR"] = "0" });

        TestContext.Current.TestOutputHelper?.WriteLine(result.Output);
        result.ExitCode.ShouldBe(0, $"node run.mjs ({engine}) failed (exit {result.ExitCode}):\n{result.Output}");
        var summary = SummaryLine().Match(result.Output);
        summary.Success.ShouldBeTrue($"no 'N passed, N failed' line:\n{result.Output}");
        int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(8, result.Output);
    }

    // npm ci once, pinned by the folder's package-lock.json; both engines' runs share it.
    private static async Task<string?> EnsurePackagesAsync(string suite)
    {
        await NpmGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(suite, "node_modules", "jose")))
            {
                return null;
            }

            if (FindOnPath("npm") is not { } npm)
            {
                return "tests/conformance/forge-remote/node_modules is missing and npm is not on PATH";
            }

            var install = await AceConformanceFixture.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], suite, NpmTimeout, new Dictionary<string, string>());
            return install.ExitCode == 0 ? null : $"npm ci in tests/conformance/forge-remote failed (exit {install.ExitCode}):\n{install.Output}";
        }
        finally
        {
            NpmGate.Release();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DynamicModules.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DynamicModules.slnx above {AppContext.BaseDirectory}.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}

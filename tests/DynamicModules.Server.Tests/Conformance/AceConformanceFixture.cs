using System.Diagnostics;
using System.Text;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Conformance;

/// <summary>
/// One real service for the Node conformance suite (tests/conformance, specs/connect.md §6), plus the
/// Node tool chain: finds <c>node</c> and <c>npm</c> on PATH and runs <c>npm ci</c> once when
/// tests/conformance/node_modules is missing. Without Node the tests skip, unless DYNMOD_REQUIRE_NODE=1.
/// </summary>
public sealed class AceConformanceFixture : IAsyncLifetime
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Task<ServiceHost>> _hosts = [];

    /// <summary>The repository root (the folder holding DynamicModules.slnx).</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>tests/conformance.</summary>
    public string SuiteDirectory => Path.Combine(RepositoryRoot, "tests", "conformance");

    /// <summary>The node executable, or null when it is not on PATH.</summary>
    public string? Node { get; } = FindOnPath("node");

    /// <summary>Why the suite cannot run (no node, failed npm ci), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The service on <paramref name="engine"/>, started on first use and shared by the cases.</summary>
    public Task<ServiceHost> HostAsync(string engine)
    {
        if (Unavailable is not null)
        {
            throw new InvalidOperationException(Unavailable);
        }

        lock (_hosts)
        {
            if (!_hosts.TryGetValue(engine, out var host))
            {
                host = ServiceHost.StartAsync(engine);
                _hosts[engine] = host;
            }

            return host;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (Node is null)
        {
            Unavailable = "node is not on PATH";
            return;
        }

        if (!Directory.Exists(Path.Combine(SuiteDirectory, "node_modules")))
        {
            var npm = FindOnPath("npm");
            if (npm is null)
            {
                Unavailable = "tests/conformance/node_modules is missing and npm is not on PATH";
                return;
            }

            var install = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], SuiteDirectory, NpmTimeout, new Dictionary<string, string>());
            if (install.ExitCode != 0)
            {
                Unavailable = $"npm ci in tests/conformance failed (exit {install.ExitCode}):\n{install.Output}";
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<ServiceHost>> hosts;
        lock (_hosts)
        {
            hosts = [.. _hosts.Values];
        }

        foreach (var host in hosts)
        {
            if (host.IsCompletedSuccessfully)
            {
                await host.Result.DisposeAsync();
            }
        }
    }

    /// <summary>Runs a process to completion (killing its tree on timeout); stdout and stderr interleaved.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"[killed after {timeout.TotalSeconds:0} s]");
            return new ProcessResult(-1, Snapshot(output), stopwatch.Elapsed);
        }

        // The parameterless wait also drains the redirected streams.
        await process.WaitForExitAsync(CancellationToken.None);
        return new ProcessResult(process.ExitCode, Snapshot(output), stopwatch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindRepositoryRoot()
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

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Exit code and combined output of a finished process.</summary>
public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed);

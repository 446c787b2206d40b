using System.Diagnostics;
using System.Net.Http.Headers;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// The built service (DynamicModules.Server.dll) run as a child process with <c>dotnet</c>, on its own loopback port and on
/// the data directory or PostgreSQL database it is given: unlike <see cref="ServiceHost"/> it can be killed with SIGKILL
/// (nothing in it runs after that, not even a finally) and started again on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string ListeningLine = "Now listening on: ";

    /// <summary>How long a start may take before the test fails instead of hanging (a guard, not a delay).</summary>
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly Queue<string> _recentOutput;

    private ServerProcess(Process process, Queue<string> recentOutput, string baseUrl)
    {
        _process = process;
        _recentOutput = recentOutput;
        BaseUrl = baseUrl;
        Operator = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.OperatorKey);
    }

    public string BaseUrl { get; }

    /// <summary>A client carrying the operator key.</summary>
    public HttpClient Operator { get; }

    /// <summary>
    /// Starts the service on <paramref name="engine"/> with <paramref name="dataDirectory"/> (and on PostgreSQL
    /// <paramref name="postgres"/>) and returns once it listens.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string engine, string dataDirectory, string? postgres, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add($"--DynamicModules:DataDirectory={dataDirectory}");
        start.ArgumentList.Add($"--DynamicModules:OperatorKey={ServiceHost.OperatorKey}");
        start.ArgumentList.Add($"--DynamicModules:Storage={engine}");
        // The lifetime log is how the child tells which port it got; everything else only when it goes wrong.
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        if (postgres is not null)
        {
            start.ArgumentList.Add($"--ConnectionStrings:Postgres={postgres}");
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recent = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (recent)
            {
                recent.Enqueue(line);
                if (recent.Count > 400)
                {
                    recent.Dequeue();
                }

                Monitor.PulseAll(recent);
            }

            if (line.IndexOf(ListeningLine, StringComparison.Ordinal) is var at and >= 0)
            {
                listening.TrySetResult(line[(at + ListeningLine.Length)..].Trim().TrimEnd('/'));
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The service exited during start-up:\n{Show(recent)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ServerProcess(process, recent, await listening.Task.WaitAsync(StartGuard));
        }
        catch
        {
            KillQuietly(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits until the output satisfies <paramref name="condition"/> (log lines are written asynchronously).</summary>
    public Task WaitForOutputAsync(Func<string, bool> condition) => Task.Run(() =>
    {
        lock (_recentOutput)
        {
            while (!condition(string.Join('\n', _recentOutput)))
            {
                if (!Monitor.Wait(_recentOutput, StartGuard))
                {
                    throw new TimeoutException($"The service did not write the expected output:\n{string.Join('\n', _recentOutput)}");
                }
            }
        }
    });

    /// <summary>The last lines the service wrote (warnings and errors), for failure messages.</summary>
    public string Output => Show(_recentOutput);

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        if (!_process.HasExited)
        {
            KillQuietly(_process);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The service's own build output next to this test assembly's (same configuration, same target framework).</summary>
    private static string ServerDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var folder = testOutput; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "DynamicModules.Server", "bin", configuration, framework, "DynamicModules.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"DynamicModules.Server.dll ({configuration}, {framework}) not found above {testOutput.FullName}; build the solution first.");
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static List<string> Snapshot(Queue<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static string Show(Queue<string> lines) => string.Join('\n', Snapshot(lines));
}

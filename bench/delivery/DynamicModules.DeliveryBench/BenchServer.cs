using System.Diagnostics;

namespace DynamicModules.DeliveryBench;

/// <summary>The Release server as its own process (as an operator runs it), on a fixed data directory and database.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string OperatorKey = "delivery-bench-operator-key";

    private readonly Process _process;

    private BenchServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>CPU time the server process has used so far (user + system, all threads): unlike wall time, not inflated by load.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BenchServer> StartAsync(
        string serverDll, int port, string dataDirectory, string? postgres, IEnumerable<string> extraSettings)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll);
        // SERVER_ENV="NAME=value ..." sets environment variables for the server only (runtime settings to compare, e.g.
        // DOTNET_gcServer=0), leaving the driver, its receiver and the bare loop as they are.
        foreach (var pair in (Environment.GetEnvironmentVariable("SERVER_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            start.Environment[pair[..at]] = pair[(at + 1)..];
        }

        foreach (var argument in new[]
        {
            $"--urls={baseUrl}", $"--DynamicModules:DataDirectory={dataDirectory}", $"--DynamicModules:OperatorKey={OperatorKey}",
            $"--DynamicModules:Storage={(postgres is null ? "sqlite" : "postgres")}", "--Logging:LogLevel:Default=Warning",
        }.Concat(postgres is null ? [] : [$"--ConnectionStrings:Postgres={postgres}"]).Concat(extraSettings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var log = Path.Combine(dataDirectory, "server.log");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { File.AppendAllText(log, line.Data + "\n"); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { File.AppendAllText(log, line.Data + "\n"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited at start-up; see {log}.");
            }

            try
            {
                if ((await probe.GetAsync(baseUrl + "/healthz")).IsSuccessStatusCode)
                {
                    return new BenchServer(process, baseUrl);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The server did not answer /healthz; see {log}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace DynamicModules.Cli.Tests.Infrastructure;

/// <summary>
/// One bash process, in its own session (setsid), fed commands one at a time on stdin as a user types them in a
/// terminal: variables and background jobs carry over from one command to the next. Ending the session kills its whole
/// process group, background jobs (and the apps they started) included.
/// </summary>
public sealed class BashSession : IAsyncDisposable
{
    /// <summary>How long one command or one awaited line may take before the test fails (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(240);

    private const string ExitMarker = "::quickstart-exit ";

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _transcript = new();

    private BashSession(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the session printed so far (stdout and stderr), for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Starts bash in <paramref name="workingDirectory"/> with <paramref name="environment"/> added to a copy of this process's (DYNMOD_* removed).</summary>
    public static BashSession Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "bash", "--noprofile", "--norc" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DYNMOD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var session = new BashSession(process);
        process.OutputDataReceived += (_, e) => session.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => session.Receive(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return session;
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code and what was printed while it ran.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.WriteLineAsync($"echo \"{ExitMarker}$?\"");
        await _process.StandardInput.FlushAsync();
        var output = new StringBuilder();
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            string line;
            try
            {
                line = await _lines.Reader.ReadAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{command}' did not finish within {Guard}:\n{Transcript}");
            }

            // Output without a final newline (curl's) ends up on the marker's line, before the marker.
            if (line.IndexOf(ExitMarker, StringComparison.Ordinal) is var at and >= 0)
            {
                output.AppendLine(line[..at]);
                return (int.Parse(line[(at + ExitMarker.Length)..], System.Globalization.CultureInfo.InvariantCulture), output.ToString());
            }

            output.AppendLine(line);
        }
    }

    /// <summary>Waits for a line (from a background job, say) that contains <paramref name="text"/>.</summary>
    public async Task WaitForLineAsync(string text)
    {
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            // The line may already have gone by while a command ran; the transcript keeps it.
            while (!Transcript.Contains(text, StringComparison.Ordinal))
            {
                await _lines.Reader.ReadAsync(guard.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No line with '{text}' within {Guard}:\n{Transcript}");
        }
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_transcript)
        {
            _transcript.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    public async ValueTask DisposeAsync()
    {
        // setsid made bash the leader of a new process group: signal the whole group, background jobs included.
        foreach (var signal in new[] { "-TERM", "-KILL" })
        {
            if (_process.HasExited && signal == "-KILL")
            {
                break;
            }

            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, "--", $"-{_process.Id}" }, RedirectStandardError = true });
            await kill!.WaitForExitAsync();
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(10)));
        }

        _process.Dispose();
    }
}

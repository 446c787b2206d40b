using System.Diagnostics;
using System.Text;

namespace DynamicModules.Cli.Tests.Infrastructure;

/// <summary>
/// The built CLI (dynmod.dll, from src/DynamicModules.Cli's own output folder) run with <c>dotnet</c> as a child process:
/// arguments, environment, working directory and stdin as a user's shell would give them. The environment starts clean of
/// DYNMOD_* so a developer's own settings never leak into a test.
/// </summary>
public static class DynmodProcess
{
    /// <summary>How long one command may take before the test fails instead of hanging (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    /// <summary>Runs <c>dynmod</c> with <paramref name="args"/> and waits for it to exit.</summary>
    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, string? stdin = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>dynmod</c> and leaves it running (for <c>deliveries follow</c>); the caller reads and ends it.</summary>
    public static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(DynmodDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DYNMOD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>The CLI's build output for this test assembly's configuration and target framework.</summary>
    public static string DynmodDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var folder = testOutput; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "DynamicModules.Cli", "bin", configuration, framework, "dynmod.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"dynmod.dll ({configuration}, {framework}) not found above {testOutput.FullName}; build the tests first.");
    }

    /// <summary>The repository root (the folder holding DynamicModules.slnx) above the test output.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DynamicModules.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("DynamicModules.slnx not found above " + AppContext.BaseDirectory);
    }
}

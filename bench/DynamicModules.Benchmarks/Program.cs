using BenchmarkDotNet.Running;
using DynamicModules.Benchmarks;

if (args.Contains(SubscriptionMemory.Switch))
{
    SubscriptionMemory.Print();
    return;
}

namespace DynamicModules.Benchmarks;

/// <summary>
/// The entry point. Not top-level statements: those would declare a second global <c>Program</c> beside the server's,
/// whose <c>Program.BuildAsync</c> the registration benchmark starts the service with.
/// </summary>
public static class BenchmarkEntry
{
    /// <summary>Runs the benchmarks chosen by <paramref name="args"/>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}

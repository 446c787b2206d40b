using BenchmarkDotNet.Running;

namespace DynamicModules.Benchmarks;

/// <summary>
/// The entry point. Not top-level statements: those would declare a second global <c>Program</c> beside the server's,
/// whose <c>Program.BuildAsync</c> the registration benchmark starts the service with.
/// </summary>
public static class BenchmarkEntry
{
    /// <summary>Prints the memory per subscription (<c>--memory-per-subscription</c>), or runs the benchmarks chosen by <paramref name="args"/>.</summary>
    public static void Main(string[] args)
    {
        if (args.Contains(SubscriptionMemory.Switch))
        {
            SubscriptionMemory.Print();
            return;
        }

        if (args.Contains(InterleavedRatios.Switch))
        {
            InterleavedRatios.Print(args);
            return;
        }

        if (args.Contains(DeliverySendBenchmarks.CpuSwitch))
        {
            DeliverySendBenchmarks.PrintCpu(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}

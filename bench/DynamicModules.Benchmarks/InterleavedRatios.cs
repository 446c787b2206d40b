using System.Diagnostics;
using System.Globalization;

namespace DynamicModules.Benchmarks;

/// <summary>
/// <c>--interleaved [rounds]</c>: the one-filter comparisons of <see cref="ExtractedFilterBenchmarks"/> and
/// <see cref="ExtractedFilterBreakdownBenchmarks"/> timed in short alternating slices (about a millisecond each, every
/// variant once per round), so that a change of machine load hits every variant alike. BenchmarkDotNet runs one
/// benchmark's iterations after the other's, and on a shared machine the load can change between the two.
/// Prints per variant the minimum and median time per call over the rounds, and per comparison the ratio of the
/// minimums (the least disturbed slice of each) and the median of the per-round ratios.
/// </summary>
public static class InterleavedRatios
{
    /// <summary>The command-line switch.</summary>
    public const string Switch = "--interleaved";

    private const int Unroll = 16;

    /// <summary>Runs and prints; <paramref name="args"/> may give the number of rounds after the switch (default 300).</summary>
    public static void Print(string[] args)
    {
        var index = Array.IndexOf(args, Switch);
        var rounds = index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var given) ? given : 300;
        var filter = new ExtractedFilterBenchmarks();
        filter.Setup();
        var breakdown = new ExtractedFilterBreakdownBenchmarks();
        breakdown.Setup();
        (string Name, Func<bool> Call)[] variants =
        [
            ("filter-handwritten", filter.HandWritten),
            ("filter-compiled", filter.CompiledOverExtracted),
            ("test-handwritten", breakdown.HandWritten),
            ("test-compiled", breakdown.Compiled),
            ("filter-handwritten-fields", filter.HandWrittenLiteralsInFields),
        ];

        // Warm up (and let tiered compilation reach its final code), then size each slice to about a millisecond.
        var calls = new int[variants.Length];
        for (var v = 0; v < variants.Length; v++)
        {
            for (var warm = 0; warm < 50; warm++)
            {
                Time(variants[v].Call, 20_000);
            }

            calls[v] = Math.Max(Unroll, (int)(1_000_000 / Math.Max(1, Time(variants[v].Call, 100_000))) / Unroll * Unroll);
        }

        var times = variants.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate the order, so neither side of a comparison always runs first.
            for (var i = 0; i < variants.Length; i++)
            {
                var v = round % 2 == 0 ? i : variants.Length - 1 - i;
                times[v][round] = Time(variants[v].Call, calls[v]);
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variants[v].Name}: min {times[v].Min():F2} ns, median {Median(times[v]):F2} ns ({rounds} slices of {calls[v]} calls)"));
        }

        Ratio("filter-vs-handwritten", times[1], times[0]);
        Ratio("test-vs-handwritten", times[3], times[2]);
        Ratio("fields-vs-handwritten", times[4], times[0]);
        Ratio("filter-vs-handwritten-fields", times[1], times[4]);
    }

    private static void Ratio(string name, double[] numerator, double[] denominator)
    {
        var perRound = numerator.Zip(denominator, (n, d) => n / d).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {numerator.Min() / denominator.Min():F2} (ratio of minimums); {Median(perRound):F2} (median of per-round ratios)"));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nanoseconds per call of <paramref name="call"/> over <paramref name="calls"/> calls, through a delegate as BenchmarkDotNet calls it.</summary>
    private static double Time(Func<bool> call, int calls)
    {
        var matched = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i += Unroll)
        {
            for (var u = 0; u < Unroll; u++)
            {
                matched += call() ? 1 : 0;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        GC.KeepAlive(matched);
        return elapsed.TotalNanoseconds / calls;
    }
}

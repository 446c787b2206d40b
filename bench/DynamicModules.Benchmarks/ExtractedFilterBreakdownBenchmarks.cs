using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Filters;

namespace DynamicModules.Benchmarks;

/// <summary>
/// Where the time of one filter over extracted values goes (docs/benchmarks.md, "Matching (round 2)"): the simplest
/// filter, one path compared with a string literal, against its hand-written twin, so that the fixed cost of running a
/// filter (the call, the slot map, the outcome) shows apart from the per-test cost in <see cref="ExtractedFilterBenchmarks"/>.
/// Not part of bench/ratios-matching.sh.
/// </summary>
[MemoryDiagnoser]
public class ExtractedFilterBreakdownBenchmarks
{
    private static readonly string[] IssueTypeName = ["issue", "fields", "issuetype", "name"];

    private JsonDocument document = null!;
    private CompiledFilter compiled = null!;
    private ExtractedPayload extracted = null!;
    private int[] slots = null!;
    private BoundFilter bound = null!;
    private int issueTypeName;

    [GlobalSetup]
    public void Setup()
    {
        document = JsonDocument.Parse(SamplePayload.IssueUpdated);
        compiled = FilterCompiler.Compile(FilterLanguage.Expression, "event.issue.fields.issuetype.name == 'Bug'").Filter
            ?? throw new InvalidOperationException("The benchmark expression must compile.");
        var paths = PayloadPaths.Merge([compiled], out var merged);
        slots = merged[0]!;
        // Bound once, as a filter group binds its filters when it is built.
        bound = compiled.Bind(slots);
        extracted = paths.Extract(document.RootElement);
        issueTypeName = slots[IssueTypeName.Aggregate(FilterPaths.Root, compiled.Paths.Child)];
        if (!HandWritten() || !Compiled())
        {
            throw new InvalidOperationException("Both must match the sample payload.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => document.Dispose();

    [Benchmark(Baseline = true, Description = "One test: hand-written C#")]
    public bool HandWritten()
    {
        var type = extracted[issueTypeName].Element;
        return type.ValueKind == JsonValueKind.String && type.ValueEquals("Bug"u8);
    }

    [Benchmark(Description = "One test: compiled expression")]
    public bool Compiled() => bound.Evaluate(extracted).Matched;
}

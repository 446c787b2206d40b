using BenchmarkDotNet.Attributes;
using DynamicModules.Filters;
using DynamicModules.Tests.Filters;

namespace DynamicModules.Benchmarks;

/// <summary>
/// The cost of the most expensive 10,000-character filter shapes (the same generated inputs as
/// <c>FilterCostTests</c>): parse, type-check and compile, and analyse as the analyse endpoint and trigger
/// registration do it, through a <see cref="FilterCache"/> (a fresh one each time, so nothing is a cache hit).
/// The shapes are the costliest per character in the unit test; the goal is under 50 ms each on one core.
/// </summary>
[MemoryDiagnoser]
public class FilterCostBenchmarks
{
    private const int Length = 10_000;

    private AdversarialFilterShapes.Shape shape = null!;
    private string source = "";

    public static IEnumerable<string> Shapes =>
        ["member chain", "two shared member chains", "many short shared chains", "mixed precedence chain", "arithmetic chain", "JQL OR chain"];

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        shape = AdversarialFilterShapes.All.Single(s => s.Name == Shape);
        source = shape.Build(Length);
        if (!FilterCompiler.Compile(shape.Language, source).Succeeded)
        {
            throw new InvalidOperationException($"The '{Shape}' shape must compile.");
        }
    }

    [Benchmark(Description = "Filter cost: parse + check + compile, 10k chars")]
    public bool Compile() => FilterCompiler.Compile(shape.Language, source).Succeeded;

    [Benchmark(Description = "Filter cost: analyse (fresh FilterCache), 10k chars")]
    public int Analyse()
    {
        var compilation = new FilterCache().GetOrCompile(shape.Language, source);
        return compilation.Errors.Count + compilation.Cost;
    }
}

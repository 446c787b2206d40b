using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Events;
using DynamicModules.Filters;

namespace DynamicModules.Benchmarks;

/// <summary>
/// Issue 15, goal 1: matching one <c>avi:jira:updated:issue</c> event (the ~4 KB sample) against a tenant's 100
/// subscriptions (50 of them with filters on this event: 25 expressions, 25 JQL), against the baseline of parsing the
/// same payload once with <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> from its UTF-8
/// bytes, as the publish endpoint does. Matching starts from the parsed payload, as in <see cref="EventPublisher"/>, and
/// includes the one-pass extraction of every path the 50 filters read. For context, the same 50 filters each walking the
/// payload themselves (the round-1 way).
/// </summary>
[MemoryDiagnoser]
public class MatchingVsParseBenchmarks
{
    private byte[] utf8 = null!;
    private JsonDocument payload = null!;
    private TenantSubscriptions subscriptions = null!;
    private CompiledFilter[] filters = null!;

    [GlobalSetup]
    public void Setup()
    {
        utf8 = Encoding.UTF8.GetBytes(SamplePayload.IssueUpdated);
        payload = JsonDocument.Parse(utf8);
        subscriptions = BenchmarkSubscriptions.Build(0, 1, new FilterCache());
        filters = subscriptions.For(BenchmarkSubscriptions.Updated).Select(s => s.Filter?.Filter).OfType<CompiledFilter>().ToArray();
        if (filters.Length != 50 || Match() != 26 || EachFilterWalksThePayload() != 26)
        {
            throw new InvalidOperationException("The tenant must have 50 filtered subscribers to the event, 26 of them matching.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => payload.Dispose();

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse of the payload (UTF-8)")]
    public int Parse()
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Match 100 subscriptions (50 filters, one extraction)")]
    public int Match()
    {
        var delivered = 0;
        foreach (var decision in EventMatcher.Match(subscriptions, BenchmarkSubscriptions.Updated, payload.RootElement, null))
        {
            delivered += decision.Deliver ? 1 : 0;
        }

        return delivered;
    }

    [Benchmark(Description = "50 filters each walking the payload (round 1)")]
    public int EachFilterWalksThePayload()
    {
        // Every filter here is true or false on the sample (no errors), and those true are the 26 deliveries.
        var matched = 0;
        foreach (var filter in filters)
        {
            matched += filter.Evaluate(payload.RootElement).Matched ? 1 : 0;
        }

        return matched;
    }
}

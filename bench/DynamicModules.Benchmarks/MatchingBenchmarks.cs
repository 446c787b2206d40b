using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Benchmarks;

/// <summary>
/// Matching one <c>avi:jira:updated:issue</c> event through the in-memory <see cref="SubscriptionIndex"/>: a service
/// holding 100 subscriptions in one tenant against one holding 100,000 in 1,000 tenants (100 each). Every tenant has
/// the same mix: 25 triggers and 25 JQL webhooks on the updated event (all with filters, so 50 filter evaluations
/// per event) and 50 subscriptions to other events. The goal is the same order of cost in both: the index is per
/// tenant, then per event name, so other tenants' subscriptions are never looked at.
/// </summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private SubscriptionIndex small = null!;
    private SubscriptionIndex large = null!;
    private JsonDocument payload = null!;
    private int nextTenant;

    /// <summary>Tenants in the large world.</summary>
    [Params(1_000)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        payload = JsonDocument.Parse(SamplePayload.IssueUpdated);
        var filters = new FilterCache();
        small = new SubscriptionIndex((tenant, version, _) => Task.FromResult(BenchmarkSubscriptions.Build(tenant, version, filters)), Tenants);
        large = new SubscriptionIndex((tenant, version, _) => Task.FromResult(BenchmarkSubscriptions.Build(tenant, version, filters)), Tenants);
        small.GetAsync(0, 1, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        for (var tenant = 0; tenant < Tenants; tenant++)
        {
            large.GetAsync(tenant, 1, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        // 13 triggers (Bug) and 13 webhooks (project PROJ) of each tenant's 100 match the sample.
        if (OneTenantOf100().AsTask().GetAwaiter().GetResult() != 26 || ThousandTenantsOf100Each().AsTask().GetAwaiter().GetResult() != 26)
        {
            throw new InvalidOperationException("Each tenant must match 26 of its 100 subscriptions.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => payload.Dispose();

    [Benchmark(Baseline = true, Description = "100 subscriptions, 1 tenant")]
    public ValueTask<int> OneTenantOf100() => MatchAsync(small, 0);

    [Benchmark(Description = "100,000 subscriptions, 1,000 tenants")]
    public ValueTask<int> ThousandTenantsOf100Each()
    {
        // A different tenant each time, so the large index is not served from one hot cache line.
        var tenant = nextTenant++ % Tenants;
        return MatchAsync(large, tenant);
    }

    private async ValueTask<int> MatchAsync(SubscriptionIndex index, long tenant)
    {
        var subscriptions = await index.GetAsync(tenant, 1, CancellationToken.None);
        var delivered = 0;
        foreach (var decision in EventMatcher.Match(subscriptions, BenchmarkSubscriptions.Updated, payload.RootElement, null))
        {
            if (decision.Deliver)
            {
                delivered++;
            }
        }

        return delivered;
    }
}

using System.Globalization;
using System.Text.Json;
using DynamicModules.Events;
using DynamicModules.Filters;

namespace DynamicModules.Benchmarks;

/// <summary>
/// Issue 15, goal 4: the memory the subscription index holds per subscription, in the world of
/// <see cref="MatchingBenchmarks"/> (1,000 tenants × 100 subscriptions), once every tenant has matched an event (so each
/// also holds its per-event-type subscriber list and merged payload paths). The compiled filters, shared by all tenants
/// through the <see cref="FilterCache"/>, are counted apart. Run with <c>--memory-per-subscription</c>.
/// </summary>
internal static class SubscriptionMemory
{
    public const string Switch = "--memory-per-subscription";

    public static void Print(int tenants = 1_000)
    {
        using var payload = JsonDocument.Parse(SamplePayload.IssueUpdated);
        var start = GC.GetTotalMemory(forceFullCollection: true);
        var filters = new FilterCache();
        // Every distinct filter of the mix appears within the first 50 tenants; compile them before measuring the index.
        for (var tenant = 0; tenant < 50; tenant++)
        {
            BenchmarkSubscriptions.Build(tenant, 1, filters);
        }

        var afterFilters = GC.GetTotalMemory(forceFullCollection: true);
        var index = new SubscriptionIndex((tenant, version, _) => Task.FromResult(BenchmarkSubscriptions.Build(tenant, version, filters)), tenants);
        for (var tenant = 0; tenant < tenants; tenant++)
        {
            var subscriptions = index.GetAsync(tenant, 1, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            EventMatcher.Match(subscriptions, BenchmarkSubscriptions.Updated, payload.RootElement, null);
        }

        var afterIndex = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        var subscriptionsHeld = (double)tenants * BenchmarkSubscriptions.PerTenant;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory-per-subscription: {(afterIndex - afterFilters) / subscriptionsHeld:F0} bytes ({tenants:N0} tenants x {BenchmarkSubscriptions.PerTenant} subscriptions, " +
            $"index {(afterIndex - afterFilters) / 1024.0 / 1024.0:F1} MiB; {filters.Count} shared compiled filters {(afterFilters - start) / 1024.0:F0} KiB)"));
    }
}

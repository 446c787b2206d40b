using DynamicModules.Filters;

namespace DynamicModules.Events;

/// <summary>
/// The subscribers of one event type in one tenant (its Forge-name triggers, then its Connect-name webhooks), with the
/// payload paths all their filters read merged into one <see cref="PayloadPaths"/>: matching an event extracts those
/// once, and every filter evaluates over the extracted values.
/// </summary>
internal sealed class EventSubscribers
{
    private readonly int[]?[] slots;

    public EventSubscribers(IEnumerable<Subscription> subscriptions)
    {
        Subscriptions = [.. subscriptions];
        Paths = PayloadPaths.Merge(Subscriptions.Select(s => s.Filter?.Filter).ToArray(), out slots);
        HasFilters = Subscriptions.Any(s => s.Filter?.Filter is not null);
    }

    public Subscription[] Subscriptions { get; }

    /// <summary>The merged paths of the subscribers' compiled filters.</summary>
    public PayloadPaths Paths { get; }

    /// <summary>True when at least one subscriber has a compiled filter, so an event needs extracting.</summary>
    public bool HasFilters { get; }

    /// <summary>Subscriber <paramref name="index"/>'s map into the extracted values; null when it has no compiled filter.</summary>
    public int[]? SlotsOf(int index) => slots[index];
}

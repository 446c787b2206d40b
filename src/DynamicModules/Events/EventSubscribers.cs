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

    private readonly bool[] hasScope;

    public EventSubscribers(EventType type, IEnumerable<Subscription> subscriptions)
    {
        Type = type;
        Subscriptions = [.. subscriptions];
        // Decided once per tenant and event type instead of a set lookup per subscriber and event.
        hasScope = Subscriptions.Select(s => s.AppScopes.Contains(type.Scope)).ToArray();
        Paths = PayloadPaths.Merge(Subscriptions.Select(s => s.Filter?.Filter).ToArray(), out slots);
        HasFilters = Subscriptions.Any(s => s.Filter?.Filter is not null);
    }

    /// <summary>The event type these are the subscribers of.</summary>
    public EventType Type { get; }

    public Subscription[] Subscriptions { get; }

    /// <summary>True when subscriber <paramref name="index"/>'s app declares the scope the event type needs.</summary>
    public bool HasScope(int index) => hasScope[index];

    /// <summary>The merged paths of the subscribers' compiled filters.</summary>
    public PayloadPaths Paths { get; }

    /// <summary>True when at least one subscriber has a compiled filter, so an event needs extracting.</summary>
    public bool HasFilters { get; }

    /// <summary>Subscriber <paramref name="index"/>'s map into the extracted values; null when it has no compiled filter.</summary>
    public int[]? SlotsOf(int index) => slots[index];
}

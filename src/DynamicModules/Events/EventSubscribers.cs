using DynamicModules.Filters;

namespace DynamicModules.Events;

/// <summary>
/// The subscribers of one event type in one tenant (its Forge-name triggers, then its Connect-name webhooks), with the
/// payload paths all their filters read merged into one <see cref="PayloadPaths"/> (shared with tenants that have the same
/// filters, <see cref="FilterGroup"/>): matching an event extracts those once, and every filter evaluates over the
/// extracted values.
/// </summary>
internal sealed class EventSubscribers
{
    private readonly Subscriber[] subscribers;
    private readonly FilterGroup group;

    public EventSubscribers(EventType type, IEnumerable<Subscription> subscriptions)
    {
        Type = type;
        var list = subscriptions.ToArray();
        group = FilterGroup.For(list.Select(s => s.Filter?.Filter).ToArray());
        // What matching reads per subscriber, side by side in one array, decided once per tenant and event type
        // (the scope check included) instead of per event.
        subscribers = list.Select((s, i) => new Subscriber(s, group.FilterOf(i), s.AppScopes.Contains(type.Scope))).ToArray();
    }

    /// <summary>The event type these are the subscribers of.</summary>
    public EventType Type { get; }

    /// <summary>How many subscribers.</summary>
    public int Count => subscribers.Length;

    /// <summary>The merged paths of the subscribers' compiled filters.</summary>
    public PayloadPaths Paths => group.Paths;

    /// <summary>Subscriber <paramref name="index"/>, by reference.</summary>
    public ref readonly Subscriber this[int index] => ref subscribers[index];

    /// <param name="Subscription">The subscriber.</param>
    /// <param name="Filter">Its compiled filter bound to <see cref="Paths"/>; null when it has none or it no longer compiles.</param>
    /// <param name="HasScope">True when the app declares the scope the event type needs.</param>
    internal readonly record struct Subscriber(Subscription Subscription, BoundFilter? Filter, bool HasScope);
}

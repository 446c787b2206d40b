using System.Collections.Concurrent;
using DynamicModules.Modules;

namespace DynamicModules.Events;

/// <summary>
/// The subscribers of one tenant, keyed by the event name they subscribe with: Connect names for webhooks,
/// Forge names for triggers. Immutable once built; a change to the tenant's modules builds a new one.
/// </summary>
public sealed class TenantSubscriptions
{
    private readonly Dictionary<string, Subscription[]> _webhooksByConnectName;
    private readonly Dictionary<string, Subscription[]> _triggersByForgeName;

    // Built on an event type's first event in this tenant; bounded by the event catalog.
    private readonly ConcurrentDictionary<(string ForgeName, string? ConnectName, string Scope), EventSubscribers> _byEventType = new();

    // The last event type asked for: consecutive events of one type skip hashing its names.
    private volatile EventSubscribers? _last;

    /// <summary>Indexes <paramref name="subscriptions"/> built at module version <paramref name="moduleVersion"/>.</summary>
    public TenantSubscriptions(long moduleVersion, IEnumerable<(Subscription Subscription, IReadOnlyCollection<string> Events)> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ModuleVersion = moduleVersion;
        var webhooks = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        var triggers = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        foreach (var (subscription, events) in subscriptions)
        {
            var target = subscription.Kind == SubscriptionKind.Webhook ? webhooks : triggers;
            // A trigger listing the same event twice still gets one delivery.
            foreach (var name in events.Distinct(StringComparer.Ordinal))
            {
                if (!target.TryGetValue(name, out var list))
                {
                    target[name] = list = [];
                }

                list.Add(subscription);
            }

            Count++;
        }

        _webhooksByConnectName = webhooks.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        _triggersByForgeName = triggers.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>An index with no subscribers.</summary>
    public static TenantSubscriptions Empty(long moduleVersion) => new(moduleVersion, []);

    /// <summary>The tenant's module version the index reflects (at least).</summary>
    public long ModuleVersion { get; }

    /// <summary>How many subscriber modules the index holds.</summary>
    public int Count { get; }

    /// <summary>
    /// The subscribers of <paramref name="type"/> (in the order of <see cref="For"/>) with their filters' merged payload
    /// paths; built once per event type and kept with this index.
    /// </summary>
    internal EventSubscribers SubscribersOf(EventType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_last is { } last && last.Type == type)
        {
            return last;
        }

        var key = (type.ForgeName, type.ConnectName, type.Scope);
        var subscribers = _byEventType.TryGetValue(key, out var found)
            ? found
            : _byEventType.GetOrAdd(key, _ => new EventSubscribers(type, For(type)));
        _last = subscribers;
        return subscribers;
    }

    /// <summary>The triggers subscribed to the Forge name and the webhooks subscribed to the Connect name of <paramref name="type"/>.</summary>
    public IEnumerable<Subscription> For(EventType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_triggersByForgeName.TryGetValue(type.ForgeName, out var triggers))
        {
            foreach (var trigger in triggers)
            {
                yield return trigger;
            }
        }

        if (type.ConnectName is not null && _webhooksByConnectName.TryGetValue(type.ConnectName, out var webhooks))
        {
            foreach (var webhook in webhooks)
            {
                yield return webhook;
            }
        }
    }
}

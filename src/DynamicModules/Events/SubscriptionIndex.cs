using System.Collections.Concurrent;
using DynamicModules.Changes;
using DynamicModules.Configuration;
using Microsoft.Extensions.Options;

namespace DynamicModules.Events;

/// <summary>
/// The in-memory subscriber index, one <see cref="TenantSubscriptions"/> per tenant, built lazily from the
/// database on the tenant's first event and dropped when the tenant's modules change
/// (<see cref="ModuleChangeLog.Committed"/>). Each entry also carries the module version it was built at, and a
/// caller that knows a newer version rebuilds it: that keeps nodes that missed a local notification correct.
/// Publishing to one tenant never touches another tenant's entry, so its cost does not grow with the number of tenants.
/// Bounded: at most <see cref="MaxTenants"/> tenants are held, the least recently matched dropped first and rebuilt
/// from the database on their next event.
/// </summary>
public sealed class SubscriptionIndex
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly Func<long, long, CancellationToken, Task<TenantSubscriptions>> _load;
    private readonly Lock _evictionGate = new();
    private long _clock;

    /// <summary>
    /// An index loading from the database, invalidated by <paramref name="changes"/> and holding at most
    /// <see cref="DynamicModulesOptions.SubscriptionIndexMaxTenants"/> tenants.
    /// </summary>
    public SubscriptionIndex(SubscriptionLoader loader, ModuleChangeLog changes, IOptions<DynamicModulesOptions> options)
        : this(
            loader is null ? throw new ArgumentNullException(nameof(loader)) : loader.LoadAsync,
            options is null ? throw new ArgumentNullException(nameof(options)) : options.Value.SubscriptionIndexMaxTenants,
            changes)
    {
    }

    /// <summary>An index over any loader (tenant id, module version → subscriptions); used by tests and benchmarks.</summary>
    internal SubscriptionIndex(
        Func<long, long, CancellationToken, Task<TenantSubscriptions>> load, int maxTenants, ModuleChangeLog? changes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTenants, 1);
        _load = load;
        MaxTenants = maxTenants;
        if (changes is not null)
        {
            changes.Committed += (tenantId, _) => Invalidate(tenantId);
        }
    }

    /// <summary>The most tenants held at once.</summary>
    public int MaxTenants { get; }

    /// <summary>How many tenants have an index entry now; at most <see cref="MaxTenants"/> once a load has settled.</summary>
    public int CachedTenants => _entries.Count;

    /// <summary>The tenant's subscribers as of at least <paramref name="moduleVersion"/>.</summary>
    public async ValueTask<TenantSubscriptions> GetAsync(long tenantId, long moduleVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_entries.TryGetValue(tenantId, out var existing))
            {
                existing.LastUsed = Tick();
                if (!existing.Loading.IsCompleted)
                {
                    await existing.Loading.WaitAsync(cancellationToken);
                }

                if (existing.Loading.IsCompletedSuccessfully && existing.Loading.Result.ModuleVersion >= moduleVersion)
                {
                    return existing.Loading.Result;
                }

                // Stale or failed: replace it, unless someone else already did.
                var fresh = new Entry(Load(tenantId, moduleVersion), Tick());
                if (_entries.TryUpdate(tenantId, fresh, existing))
                {
                    return await Await(tenantId, fresh, cancellationToken);
                }

                continue;
            }

            var loading = new Entry(Load(tenantId, moduleVersion), Tick());
            if (_entries.TryAdd(tenantId, loading))
            {
                EvictBeyondCapacity();
                return await Await(tenantId, loading, cancellationToken);
            }
        }
    }

    /// <summary>Drops a tenant's entry; the next event rebuilds it.</summary>
    public void Invalidate(long tenantId) => _entries.TryRemove(tenantId, out _);

    // Loads run without the caller's token: one caller giving up must not fail the entry for the others.
    private Task<TenantSubscriptions> Load(long tenantId, long moduleVersion) => Task.Run(() => _load(tenantId, moduleVersion, CancellationToken.None));

    // A logical clock rather than wall time, so that the order of use is exact even within one timer tick.
    private long Tick() => Interlocked.Increment(ref _clock);

    /// <summary>
    /// Drops the least recently used tenants until at most <see cref="MaxTenants"/> remain. A scan under a lock, only
    /// when a new tenant enters a full index: O(<see cref="MaxTenants"/>) then, and nothing on a hit. An evicted tenant
    /// whose load is still running keeps serving the callers already waiting for it.
    /// </summary>
    private void EvictBeyondCapacity()
    {
        if (_entries.Count <= MaxTenants)
        {
            return;
        }

        lock (_evictionGate)
        {
            while (_entries.Count > MaxTenants)
            {
                KeyValuePair<long, Entry>? oldest = null;
                foreach (var pair in _entries)
                {
                    if (oldest is null || pair.Value.LastUsed < oldest.Value.Value.LastUsed)
                    {
                        oldest = pair;
                    }
                }

                if (oldest is { } victim)
                {
                    _entries.TryRemove(victim);
                }
            }
        }
    }

    private async Task<TenantSubscriptions> Await(long tenantId, Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.Loading.WaitAsync(cancellationToken);
        }
        catch when (entry.Loading.IsFaulted)
        {
            // Never cache a failure (e.g. the database was briefly unreachable).
            _entries.TryRemove(KeyValuePair.Create(tenantId, entry));
            throw;
        }
    }

    /// <summary>One tenant's load (or loaded subscriptions) and when it was last used.</summary>
    private sealed class Entry(Task<TenantSubscriptions> loading, long lastUsed)
    {
        public Task<TenantSubscriptions> Loading { get; } = loading;

        public long LastUsed { get; set; } = lastUsed;
    }
}

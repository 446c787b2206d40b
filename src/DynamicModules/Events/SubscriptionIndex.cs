using System.Collections.Concurrent;
using DynamicModules.Changes;

namespace DynamicModules.Events;

/// <summary>
/// The in-memory subscriber index, one <see cref="TenantSubscriptions"/> per tenant, built lazily from the
/// database on the tenant's first event and dropped when the tenant's modules change
/// (<see cref="ModuleChangeLog.Committed"/>). Each entry also carries the module version it was built at, and a
/// caller that knows a newer version rebuilds it: that keeps nodes that missed a local notification correct.
/// Publishing to one tenant never touches another tenant's entry, so its cost does not grow with the number of tenants.
/// </summary>
public sealed class SubscriptionIndex
{
    private readonly ConcurrentDictionary<long, Task<TenantSubscriptions>> _entries = new();
    private readonly Func<long, long, CancellationToken, Task<TenantSubscriptions>> _load;

    /// <summary>An index loading from the database and invalidated by <paramref name="changes"/>.</summary>
    public SubscriptionIndex(SubscriptionLoader loader, ModuleChangeLog changes)
        : this(loader is null ? throw new ArgumentNullException(nameof(loader)) : loader.LoadAsync)
    {
        ArgumentNullException.ThrowIfNull(changes);
        changes.Committed += (tenantId, _) => Invalidate(tenantId);
    }

    /// <summary>An index over any loader (tenant id, module version → subscriptions); used by benchmarks.</summary>
    internal SubscriptionIndex(Func<long, long, CancellationToken, Task<TenantSubscriptions>> load) => _load = load;

    /// <summary>How many tenants have an index entry now.</summary>
    public int CachedTenants => _entries.Count;

    /// <summary>The tenant's subscribers as of at least <paramref name="moduleVersion"/>.</summary>
    public async ValueTask<TenantSubscriptions> GetAsync(long tenantId, long moduleVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_entries.TryGetValue(tenantId, out var existing))
            {
                if (!existing.IsCompleted)
                {
                    await existing.WaitAsync(cancellationToken);
                }

                if (existing.IsCompletedSuccessfully && existing.Result.ModuleVersion >= moduleVersion)
                {
                    return existing.Result;
                }

                // Stale or failed: replace it, unless someone else already did.
                var fresh = Load(tenantId, moduleVersion);
                if (_entries.TryUpdate(tenantId, fresh, existing))
                {
                    return await Await(tenantId, fresh, cancellationToken);
                }

                continue;
            }

            var loading = Load(tenantId, moduleVersion);
            if (_entries.TryAdd(tenantId, loading))
            {
                return await Await(tenantId, loading, cancellationToken);
            }
        }
    }

    /// <summary>Drops a tenant's entry; the next event rebuilds it.</summary>
    public void Invalidate(long tenantId) => _entries.TryRemove(tenantId, out _);

    // Loads run without the caller's token: one caller giving up must not fail the entry for the others.
    private Task<TenantSubscriptions> Load(long tenantId, long moduleVersion) => Task.Run(() => _load(tenantId, moduleVersion, CancellationToken.None));

    private async Task<TenantSubscriptions> Await(long tenantId, Task<TenantSubscriptions> loading, CancellationToken cancellationToken)
    {
        try
        {
            return await loading.WaitAsync(cancellationToken);
        }
        catch when (loading.IsFaulted)
        {
            // Never cache a failure (e.g. the database was briefly unreachable).
            _entries.TryRemove(KeyValuePair.Create(tenantId, loading));
            throw;
        }
    }
}

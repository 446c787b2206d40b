using System.Collections.Concurrent;
using DynamicModules.Tenants;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Per-tenant module snapshots in memory, for the render-time read. Bounded: at most
/// <see cref="ModuleReadOptions.MaxCachedTenants"/> tenants, the least recently read evicted first.
/// </summary>
/// <remarks>
/// <para>Freshness rests on invalidation, not on a database read per request: <see cref="TenantCacheInvalidator"/>
/// calls <see cref="Invalidate"/> after every module-changing commit on this node and, on PostgreSQL, for every
/// NOTIFY from other nodes. While the PostgreSQL LISTEN connection is down the cache is suspended (every read goes to
/// the database), since notifications may be missed. As a safety net for a NOTIFY lost to a crash between commit and
/// notify, a snapshot older than <see cref="ModuleReadOptions.RevalidateAfter"/> is checked against
/// <c>tenants.module_version</c> (one indexed read) before being served again.</para>
/// <para>A load that overlaps an invalidation of its tenant is served but not kept: every invalidation bumps a
/// per-tenant stamp (striped, so memory stays bounded), and a load only enters the cache when the stamp it read
/// before loading is unchanged.</para>
/// </remarks>
public sealed class TenantModuleCache
{
    private const int StampStripes = 1024;

    private readonly ConcurrentDictionary<string, TenantModuleSnapshot> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, string> _keyById = new();
    private readonly long[] _stamps = new long[StampStripes];
    private readonly Lock _gate = new();
    private readonly TenantModuleLoader _loader;
    private readonly TenantStore _tenants;
    private readonly ModuleReadOptions _options;
    private readonly long _revalidateAfterMs;
    private volatile bool _suspended;

    /// <summary>Creates an empty cache.</summary>
    public TenantModuleCache(TenantModuleLoader loader, TenantStore tenants, IOptions<ModuleReadOptions> options)
    {
        _loader = loader;
        _tenants = tenants;
        _options = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxCachedTenants, 1);
        _revalidateAfterMs = (long)_options.RevalidateAfter.TotalMilliseconds;
    }

    /// <summary>How many tenants have a snapshot now; never above <see cref="ModuleReadOptions.MaxCachedTenants"/>.</summary>
    public int Count => _byKey.Count;

    /// <summary>True while snapshots are neither served nor kept (PostgreSQL LISTEN connection down).</summary>
    public bool Suspended => _suspended;

    /// <summary>The snapshot of <paramref name="tenantKey"/> at its current version, or null when there is no such tenant.</summary>
    public ValueTask<TenantModuleSnapshot?> GetAsync(string tenantKey, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (!_suspended && _byKey.TryGetValue(tenantKey, out var snapshot))
        {
            if (now - snapshot.CheckedAt < _revalidateAfterMs)
            {
                // Written at most once per millisecond tick, not on every read: a write to the snapshot's cache line
                // makes the other cores serving the same tenant fetch it again.
                if (snapshot.LastUsed != now)
                {
                    snapshot.LastUsed = now;
                }

                return ValueTask.FromResult<TenantModuleSnapshot?>(snapshot);
            }

            return RevalidateAsync(snapshot, cancellationToken);
        }

        return LoadAsync(tenantKey, cancellationToken);
    }

    /// <summary>Drops the tenant's snapshot when it is older than <paramref name="version"/>, and stops loads in flight from being kept.</summary>
    public void Invalidate(long tenantId, long version)
    {
        Interlocked.Increment(ref _stamps[Stripe(tenantId)]);
        if (!_keyById.TryGetValue(tenantId, out var key))
        {
            return;
        }

        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var snapshot) && snapshot.TenantId == tenantId && snapshot.Version < version)
            {
                Remove(snapshot);
            }
        }
    }

    /// <summary>Empties the cache and stops using it until <see cref="Resume"/>.</summary>
    public void Suspend()
    {
        _suspended = true;
        Clear();
    }

    /// <summary>Starts using the cache again, from empty (anything missed while suspended is gone with it).</summary>
    public void Resume()
    {
        Clear();
        _suspended = false;
    }

    private async ValueTask<TenantModuleSnapshot?> RevalidateAsync(TenantModuleSnapshot snapshot, CancellationToken cancellationToken)
    {
        var current = await _tenants.ModuleVersionAsync(snapshot.TenantId, cancellationToken);
        if (current == snapshot.Version)
        {
            snapshot.CheckedAt = snapshot.LastUsed = Environment.TickCount64;
            return snapshot;
        }

        Invalidate(snapshot.TenantId, current ?? long.MaxValue);
        return await LoadAsync(snapshot.TenantKey, cancellationToken);
    }

    private async ValueTask<TenantModuleSnapshot?> LoadAsync(string tenantKey, CancellationToken cancellationToken)
    {
        var tenant = await _tenants.FindAsync(tenantKey, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        // Order matters: stamp, then version, then modules. Modules are then never older than their version label,
        // and any commit after the stamp was read keeps this load out of the cache.
        var stripe = Stripe(tenant.Id);
        var stampBefore = Volatile.Read(ref _stamps[stripe]);
        var version = await _tenants.ModuleVersionAsync(tenant.Id, cancellationToken) ?? tenant.ModuleVersion;
        var modules = await _loader.LoadAsync(tenant.Id, cancellationToken);
        var snapshot = new TenantModuleSnapshot(tenant.Id, tenantKey, version, modules, _options.MaxCachedQueriesPerTenant, Environment.TickCount64,
            _options.MaxCachedContextsPerTenant);
        Keep(snapshot, stripe, stampBefore);
        return snapshot;
    }

    private void Keep(TenantModuleSnapshot snapshot, int stripe, long stampBefore)
    {
        lock (_gate)
        {
            if (_suspended || Volatile.Read(ref _stamps[stripe]) != stampBefore)
            {
                return;
            }

            if (_byKey.TryGetValue(snapshot.TenantKey, out var existing))
            {
                if (existing.Version > snapshot.Version)
                {
                    return;
                }

                Remove(existing);
            }

            while (_byKey.Count >= _options.MaxCachedTenants)
            {
                Remove(LeastRecentlyUsed());
            }

            _keyById[snapshot.TenantId] = snapshot.TenantKey;
            _byKey[snapshot.TenantKey] = snapshot;
        }
    }

    // A scan, under the lock, only when a new tenant enters a full cache: O(MaxCachedTenants) then, nothing per hit.
    private TenantModuleSnapshot LeastRecentlyUsed()
    {
        TenantModuleSnapshot? oldest = null;
        foreach (var (_, snapshot) in _byKey)
        {
            if (oldest is null || snapshot.LastUsed < oldest.LastUsed)
            {
                oldest = snapshot;
            }
        }

        return oldest!;
    }

    private void Remove(TenantModuleSnapshot snapshot)
    {
        _byKey.TryRemove(snapshot.TenantKey, out _);
        _keyById.TryRemove(snapshot.TenantId, out _);
    }

    private void Clear()
    {
        lock (_gate)
        {
            foreach (var stripe in Enumerable.Range(0, StampStripes))
            {
                Interlocked.Increment(ref _stamps[stripe]);
            }

            _byKey.Clear();
            _keyById.Clear();
        }
    }

    private static int Stripe(long tenantId) => (int)(tenantId & (StampStripes - 1));
}

using System.Collections.Concurrent;

namespace DynamicModules.Tenants;

/// <summary>
/// Tenant key → internal id, read from the database once per key. A tenant's id never changes (tenants are created and
/// updated, never deleted or re-keyed), so an entry never goes stale; the writes that take an id from here still name the tenant
/// by id and key in their own statement, so a tenant that went away would be found missing there rather than written to (and
/// answered 404 on every later publish, from here or from there).
/// </summary>
/// <remarks>
/// What it saves is the round trip of reading the tenant row before every publish: the event's insert checks the tenant's
/// module version itself (<see cref="Events.EventStore.InsertAsync"/>).
/// </remarks>
public sealed class TenantIds(TenantStore tenants)
{
    /// <summary>Most keys held; beyond it the map starts again empty (a bound, not an eviction policy: ids are one read away).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    /// <summary>The id of the tenant with <paramref name="key"/>, or null when there is none.</summary>
    public async ValueTask<long?> FindAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        if (await tenants.FindAsync(key, cancellationToken) is not { } tenant)
        {
            // Not remembered: the tenant may be created a moment from now.
            return null;
        }

        if (_ids.Count >= MaxEntries)
        {
            _ids.Clear();
        }

        _ids[key] = tenant.Id;
        return tenant.Id;
    }
}

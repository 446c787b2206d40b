using System.Collections.Concurrent;

namespace AutoAssign.Assignments;

/// <summary>
/// The assignments per tenant, in memory, one per event id: the service delivers at least once, so a retried or
/// redelivered event is recorded the first time only. Bounded per tenant.
/// </summary>
public sealed class AssignmentLog
{
    /// <summary>Assignments kept per tenant; later ones are not recorded.</summary>
    public const int MaxPerTenant = 10_000;

    private readonly ConcurrentDictionary<string, TenantLog> _tenants = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="assignment"/> unless its event id is recorded already.</summary>
    public void Record(string clientKey, Assignment assignment)
    {
        var log = _tenants.GetOrAdd(clientKey, _ => new TenantLog());
        lock (log)
        {
            if (log.Items.Count < MaxPerTenant && log.EventIds.Add(assignment.EventId))
            {
                log.Items.Add(assignment);
            }
        }
    }

    /// <summary>A tenant's assignments, oldest first.</summary>
    public IReadOnlyList<Assignment> For(string clientKey)
    {
        if (!_tenants.TryGetValue(clientKey, out var log))
        {
            return [];
        }

        lock (log)
        {
            return [.. log.Items];
        }
    }

    private sealed class TenantLog
    {
        public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

        public List<Assignment> Items { get; } = [];
    }
}

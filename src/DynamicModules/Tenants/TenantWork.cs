using DynamicModules.Storage;

namespace DynamicModules.Tenants;

/// <summary>
/// One change to a tenant's state, as seen by the code that makes it (see <see cref="TenantWrite"/>): the write
/// transaction, already holding the tenant's lock, and the bookkeeping the change declares. The audit records and
/// the module change are written by <see cref="TenantWrite"/> when the work returns, in the same transaction.
/// </summary>
public sealed class TenantWork
{
    private readonly List<PendingAudit> _audit = [];

    internal TenantWork(WriteScope scope, long tenantId, string actor)
    {
        Scope = scope;
        TenantId = tenantId;
        Actor = actor;
    }

    /// <summary>The transaction every store call of the work must use.</summary>
    public WriteScope Scope { get; }

    /// <summary>The tenant whose lock is held.</summary>
    public long TenantId { get; }

    /// <summary>Who makes the change, as written in the audit records.</summary>
    public string Actor { get; }

    internal IReadOnlyList<PendingAudit> AuditRecords => _audit;

    internal PendingChange? ModuleChange { get; private set; }

    /// <summary>
    /// Declares an audit record of the change. A work that declares none changed nothing: its transaction is rolled
    /// back, so there is never a change without its record.
    /// </summary>
    public void Audit(string? appKey, string operation, IReadOnlyCollection<string> moduleKeys, string? details) =>
        _audit.Add(new PendingAudit(appKey, operation, moduleKeys, details));

    /// <summary>
    /// Declares that the modules the tenant serves changed: the module version is bumped, the change goes into the
    /// change feed, and caches of every node hear of it once committed. At most one per work.
    /// </summary>
    public void RecordModuleChange(string appKey, string operation, IReadOnlyCollection<string> moduleKeys)
    {
        if (ModuleChange is not null)
        {
            throw new InvalidOperationException("A tenant write records at most one module change.");
        }

        ModuleChange = new PendingChange(appKey, operation, moduleKeys);
    }

    internal sealed record PendingAudit(string? AppKey, string Operation, IReadOnlyCollection<string> ModuleKeys, string? Details);

    internal sealed record PendingChange(string AppKey, string Operation, IReadOnlyCollection<string> ModuleKeys);
}

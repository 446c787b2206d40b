using DynamicModules.Audit;
using DynamicModules.Changes;
using DynamicModules.Storage;

namespace DynamicModules.Tenants;

/// <summary>
/// The one write path for a tenant's state (modules, installations, settings, quotas, roles). A write takes the
/// tenant's lock, runs the work's store calls, appends the audit records the work declared, records the module
/// change (version bump and change log) when it declared one, commits, and only then tells caches and change feeds.
/// A work that throws or declares no audit record is rolled back and notifies nothing.
/// </summary>
/// <remarks>
/// The lock serialises every writer of a tenant: PostgreSQL locks the tenant row (SELECT ... FOR UPDATE), SQLite's
/// BEGIN IMMEDIATE already holds the database write lock. That is what makes count-then-insert quota checks exact.
/// </remarks>
public sealed class TenantWrite(Database database, TenantStore tenants, AuditLog audit, ModuleChangeLog changes)
{
    /// <summary>Runs <paramref name="work"/> as one change of an existing tenant.</summary>
    /// <returns>What the work returned.</returns>
    public Task<T> RunAsync<T>(long tenantId, string actor, Func<TenantWork, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(
            async scope =>
            {
                await tenants.LockAsync(scope, tenantId, cancellationToken);
                return tenantId;
            },
            actor, work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> after <paramref name="lockTenant"/>, which takes the tenant's lock and returns its
    /// id. Only the tenant upsert needs this form: writing the tenant row is what locks it, and the row may be new.
    /// </summary>
    /// <returns>What the work returned.</returns>
    public async Task<T> RunAsync<T>(
        Func<WriteScope, Task<long>> lockTenant, string actor, Func<TenantWork, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lockTenant);
        ArgumentNullException.ThrowIfNull(work);
        long? committedVersion = null;
        long tenantId;
        T result;
        await using (var scope = await database.BeginWriteAsync(cancellationToken))
        {
            tenantId = await lockTenant(scope);
            var unit = new TenantWork(scope, tenantId, actor);
            result = await work(unit);
            if (unit.AuditRecords.Count == 0)
            {
                // Disposing without commit rolls back whatever the work wrote.
                return result;
            }

            foreach (var record in unit.AuditRecords)
            {
                await audit.AppendAsync(scope, tenantId, record.AppKey, actor, record.Operation, record.ModuleKeys, record.Details, cancellationToken);
            }

            if (unit.ModuleChange is { } change)
            {
                committedVersion = await changes.BumpAndRecordAsync(scope, tenantId, change.AppKey, change.Operation, change.ModuleKeys,
                    cancellationToken);
            }

            await scope.CommitAsync(cancellationToken);
        }

        if (committedVersion is { } version)
        {
            changes.NotifyCommitted(tenantId, version);
        }

        return result;
    }
}

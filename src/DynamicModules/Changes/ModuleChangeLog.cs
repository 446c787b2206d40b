using System.Text.Json;
using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Changes;

/// <summary>
/// Bumps a tenant's module version and records what changed, inside the transaction of the change.
/// The version feeds ETags, the render-time cache and the change feed.
/// </summary>
public sealed class ModuleChangeLog(Database database, TimeProvider time)
{
    /// <summary>Raised after a commit that changed modules (tenant id, new version); used to invalidate caches.</summary>
    public event Action<long, long>? Committed;

    /// <summary>
    /// Bumps the tenant's module version and records the change under the new version, in one command: one statement on
    /// PostgreSQL (one round trip), two in one command on SQLite. The tenant write path calls it, under the tenant lock.
    /// </summary>
    /// <returns>The new version.</returns>
    public async Task<long> BumpAndRecordAsync(
        WriteScope scope, long tenantId, string appKey, string operation, IReadOnlyCollection<string> moduleKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        const string Record =
            """
            INSERT INTO module_changes (tenant_id, version, app_key, operation, module_keys, created_at)
            SELECT id, module_version, @appKey, @operation, @moduleKeys, @now FROM {bumped}
            RETURNING version
            """;
        var sql = database.Engine == StorageEngine.Postgres
            ? "WITH bumped AS (UPDATE tenants SET module_version = module_version + 1 WHERE id = @tenantId RETURNING id, module_version)\n"
              + Record.Replace("{bumped}", "bumped", StringComparison.Ordinal)
            // SQLite has no UPDATE inside WITH; the second statement reads the row the first updated, in the same transaction.
            : "UPDATE tenants SET module_version = module_version + 1 WHERE id = @tenantId;\n"
              + Record.Replace("{bumped}", "tenants WHERE id = @tenantId", StringComparison.Ordinal);
        return await scope.ExecuteScalarAsync<long?>(
            sql,
            new
            {
                tenantId,
                appKey,
                operation,
                moduleKeys = JsonSerializer.Serialize(moduleKeys),
                now = UnixTime.ToMilliseconds(time.GetUtcNow()),
            },
            cancellationToken) ?? throw new InvalidOperationException($"Tenant {tenantId} does not exist.");
    }

    /// <summary>Tells listeners that a transaction which bumped the version has committed; only after the commit.</summary>
    public void NotifyCommitted(long tenantId, long version) => Committed?.Invoke(tenantId, version);

    /// <summary>Changes of a tenant after <paramref name="afterVersion"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ModuleChange>> ListAfterAsync(long tenantId, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT version, app_key, operation, module_keys, created_at FROM module_changes
            WHERE tenant_id = @tenantId AND version > @afterVersion ORDER BY version LIMIT @limit
            """,
            new { tenantId, afterVersion, limit = (long)limit }, cancellationToken: cancellationToken));
        return rows.Select(row => new ModuleChange(
            row.Version, row.AppKey, row.Operation, JsonSerializer.Deserialize<string[]>(row.ModuleKeys) ?? [],
            UnixTime.FromMilliseconds(row.CreatedAt))).ToList();
    }

    private sealed class ChangeRow
    {
        public long Version { get; init; }
        public string AppKey { get; init; } = "";
        public string Operation { get; init; } = "";
        public string ModuleKeys { get; init; } = "[]";
        public long CreatedAt { get; init; }
    }
}

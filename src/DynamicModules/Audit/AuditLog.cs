using System.Text.Json;
using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Audit;

/// <summary>
/// The audit log. Records are written inside the transaction of the change they describe, so there is
/// never a change without its record nor a record of a change that rolled back.
/// </summary>
public sealed class AuditLog(Database database, TimeProvider time)
{
    /// <summary>Appends a record within <paramref name="scope"/>.</summary>
    public Task AppendAsync(
        WriteScope scope, long tenantId, string? appKey, string actor, string operation,
        IReadOnlyCollection<string> moduleKeys, string? details, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            """
            INSERT INTO audit_records (tenant_id, app_key, actor, operation, module_keys, details, created_at)
            VALUES (@tenantId, @appKey, @actor, @operation, @moduleKeys, @details, @now)
            """,
            new
            {
                tenantId,
                appKey,
                actor,
                operation,
                moduleKeys = JsonSerializer.Serialize(moduleKeys),
                details,
                now = UnixTime.ToMilliseconds(time.GetUtcNow()),
            },
            cancellationToken);

    /// <summary>A page of a tenant's records with ids greater than <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(
        long tenantId, long after, int limit, string? appKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            """
            SELECT id, app_key, actor, operation, module_keys, details, created_at FROM audit_records
            WHERE tenant_id = @tenantId AND id > @after AND (@appKey IS NULL OR app_key = @appKey)
            ORDER BY id LIMIT @limit
            """,
            new { tenantId, after, appKey, limit = (long)limit }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToRecord()).ToList();
    }

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public string? AppKey { get; init; }
        public string Actor { get; init; } = "";
        public string Operation { get; init; } = "";
        public string ModuleKeys { get; init; } = "[]";
        public string? Details { get; init; }
        public long CreatedAt { get; init; }

        public AuditRecord ToRecord() => new(
            Id, AppKey, Actor, Operation, JsonSerializer.Deserialize<string[]>(ModuleKeys) ?? [], Details,
            UnixTime.FromMilliseconds(CreatedAt));
    }
}

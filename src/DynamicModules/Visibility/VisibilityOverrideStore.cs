using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Visibility;

/// <summary>The operator's visibility overrides in the database; every statement names the tenant.</summary>
public sealed class VisibilityOverrideStore(Database database, TimeProvider time)
{
    /// <summary>Every override of a tenant, by installation and module key.</summary>
    public async Task<IReadOnlyDictionary<(long InstallationId, string ModuleKey), ModuleVisibility>> ListForTenantAsync(
        long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OverrideRow>(new CommandDefinition(
            "SELECT installation_id, module_key, visibility FROM module_visibility_overrides WHERE tenant_id = @tenantId",
            new { tenantId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => (row.InstallationId, row.ModuleKey), row => ModuleVisibility.FromJson(JsonNode.Parse(row.Visibility))!);
    }

    /// <summary>One module's override, or null.</summary>
    public async Task<ModuleVisibility?> FindAsync(long tenantId, long installationId, string moduleKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var visibility = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            SELECT visibility FROM module_visibility_overrides
            WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @moduleKey
            """,
            new { tenantId, installationId, moduleKey }, cancellationToken: cancellationToken));
        return visibility is null ? null : ModuleVisibility.FromJson(JsonNode.Parse(visibility));
    }

    /// <summary>Sets a module's override, replacing any earlier one.</summary>
    public Task SetAsync(WriteScope scope, long tenantId, long installationId, string moduleKey, ModuleVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(visibility);
        return scope.ExecuteAsync(
            """
            INSERT INTO module_visibility_overrides (tenant_id, installation_id, module_key, visibility, updated_at)
            VALUES (@tenantId, @installationId, @moduleKey, @visibility, @now)
            ON CONFLICT (installation_id, module_key) DO UPDATE SET visibility = excluded.visibility, updated_at = excluded.updated_at
            """,
            new { tenantId, installationId, moduleKey, visibility = visibility.ToJson().ToJsonString(), now = UnixTime.ToMilliseconds(time.GetUtcNow()) },
            cancellationToken);
    }

    /// <summary>Removes a module's override; false when it had none.</summary>
    public static async Task<bool> ClearAsync(WriteScope scope, long tenantId, long installationId, string moduleKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await scope.ExecuteAsync(
            "DELETE FROM module_visibility_overrides WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @moduleKey",
            new { tenantId, installationId, moduleKey }, cancellationToken) > 0;
    }

    private sealed class OverrideRow
    {
        public long InstallationId { get; init; }
        public string ModuleKey { get; init; } = "";
        public string Visibility { get; init; } = "{}";
    }
}

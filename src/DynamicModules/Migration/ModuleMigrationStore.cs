using System.Text.Json;
using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Migration;

/// <summary>
/// What Connect → Forge migrations converted (<c>module_migrations</c>): per installation, each old Connect key and type
/// with the Forge module it became and the endpoint derived for it. Every statement names the tenant and installation.
/// </summary>
public sealed class ModuleMigrationStore(Database database, TimeProvider time)
{
    private const string Columns = "old_key, old_type, new_key, new_type, derived_endpoint, migrated_at";

    /// <summary>The installation's converted modules, oldest first.</summary>
    public async Task<IReadOnlyList<MigratedModule>> ListAsync(long tenantId, long installationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM module_migrations WHERE tenant_id = @tenantId AND installation_id = @installationId ORDER BY migrated_at, old_key",
            new { tenantId, installationId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToModule()).ToList();
    }

    /// <summary>The tenant's modules a migration made, as (installation, new key) pairs.</summary>
    public async Task<IReadOnlySet<(long InstallationId, string Key)>> MadeModulesAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long InstallationId, string NewKey)>(new CommandDefinition(
            "SELECT installation_id, new_key FROM module_migrations WHERE tenant_id = @tenantId",
            new { tenantId }, cancellationToken: cancellationToken));
        return rows.Select(row => (row.InstallationId, row.NewKey)).ToHashSet();
    }

    /// <summary>The installation's converted modules inside a write transaction, oldest first.</summary>
    public static async Task<IReadOnlyList<MigratedModule>> ListAsync(WriteScope scope, long tenantId, long installationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await scope.QueryAsync<Row>(
            $"SELECT {Columns} FROM module_migrations WHERE tenant_id = @tenantId AND installation_id = @installationId ORDER BY migrated_at, old_key",
            new { tenantId, installationId }, cancellationToken);
        return rows.Select(row => row.ToModule()).ToList();
    }

    /// <summary>Records one conversion; a Connect key registered again and converted again replaces its earlier record.</summary>
    public async Task RecordAsync(WriteScope scope, long tenantId, long installationId, ModuleMigrationPlan converted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(converted);
        var derived = converted.DerivedEndpoint is { } endpoint
            ? JsonSerializer.Serialize(new EndpointJson(endpoint.Key, endpoint.Remote, endpoint.Route))
            : null;
        await scope.ExecuteAsync(
            "DELETE FROM module_migrations WHERE tenant_id = @tenantId AND installation_id = @installationId AND old_key = @oldKey",
            new { tenantId, installationId, oldKey = converted.Key }, cancellationToken);
        await scope.ExecuteAsync(
            """
            INSERT INTO module_migrations (tenant_id, installation_id, old_key, old_type, new_key, new_type, derived_endpoint, migrated_at)
            VALUES (@tenantId, @installationId, @oldKey, @oldType, @newKey, @newType, @derived, @now)
            """,
            new
            {
                tenantId,
                installationId,
                oldKey = converted.Key,
                oldType = converted.Type,
                newKey = converted.NewKey,
                newType = converted.ForgeType,
                derived,
                now = UnixTime.ToMilliseconds(time.GetUtcNow()),
            },
            cancellationToken);
    }

    private sealed record EndpointJson(string Key, string Remote, string Route);

    private sealed class Row
    {
        public string OldKey { get; init; } = "";
        public string OldType { get; init; } = "";
        public string NewKey { get; init; } = "";
        public string NewType { get; init; } = "";
        public string? DerivedEndpoint { get; init; }
        public long MigratedAt { get; init; }

        public MigratedModule ToModule()
        {
            var endpoint = DerivedEndpoint is null ? null : JsonSerializer.Deserialize<EndpointJson>(DerivedEndpoint);
            return new MigratedModule(OldKey, OldType, NewKey, NewType,
                endpoint is null ? null : new DerivedForgeEndpoint(endpoint.Key, endpoint.Remote, endpoint.Route), UnixTime.FromMilliseconds(MigratedAt));
        }
    }
}

using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Modules.Store;

/// <summary>How many dynamic modules each installation of a tenant holds, for quota overviews.</summary>
public sealed class ModuleUsageStore(Database database)
{
    /// <summary>Installation id → dynamic module count, for the installations of <paramref name="tenantId"/> that have any.</summary>
    public async Task<IReadOnlyDictionary<long, long>> CountByInstallationAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long InstallationId, long Count)>(new CommandDefinition(
            "SELECT installation_id, COUNT(*) FROM dynamic_modules WHERE tenant_id = @tenantId GROUP BY installation_id",
            new { tenantId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.InstallationId, row => row.Count);
    }
}

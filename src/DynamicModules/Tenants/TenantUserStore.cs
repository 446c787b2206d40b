using System.Text.Json;
using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Tenants;

/// <summary>Roles of a tenant's users, as the host tells us; used by the registration policy.</summary>
public sealed class TenantUserStore(Database database, TimeProvider time)
{
    /// <summary>Sets a user's roles, replacing the previous ones.</summary>
    public async Task SetRolesAsync(WriteScope scope, long tenantId, string accountId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            """
            INSERT INTO tenant_users (tenant_id, account_id, roles, updated_at) VALUES (@tenantId, @accountId, @roles, @now)
            ON CONFLICT (tenant_id, account_id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at
            """,
            new { tenantId, accountId, roles = JsonSerializer.Serialize(roles), now = UnixTime.ToMilliseconds(time.GetUtcNow()) },
            cancellationToken);

    /// <summary>A user's roles; empty for an unknown user.</summary>
    public async Task<IReadOnlyList<string>> RolesAsync(long tenantId, string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var roles = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT roles FROM tenant_users WHERE tenant_id = @tenantId AND account_id = @accountId",
            new { tenantId, accountId }, cancellationToken: cancellationToken));
        return roles is null ? [] : JsonSerializer.Deserialize<string[]>(roles) ?? [];
    }
}

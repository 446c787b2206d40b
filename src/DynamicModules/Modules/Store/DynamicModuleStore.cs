using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Modules;
using DynamicModules.Storage;

namespace DynamicModules.Modules.Store;

/// <summary>
/// Dynamic modules in the database. Every statement names the tenant and, for app-facing calls, the
/// installation: an app can never read or change another installation's modules.
/// </summary>
public sealed class DynamicModuleStore(Database database, TimeProvider time)
{
    private const string Columns = "id, installation_id, module_key, module_type, dialect, definition, created_by, created_at, updated_at";

    /// <summary>A page of an installation's modules with ids after <paramref name="afterId"/>, optionally of one type.</summary>
    public async Task<IReadOnlyList<DynamicModule>> ListAsync(
        long tenantId, long installationId, string? type, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModuleRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM dynamic_modules
            WHERE tenant_id = @tenantId AND installation_id = @installationId AND id > @afterId
              AND (@type IS NULL OR module_type = @type)
            ORDER BY id LIMIT @limit
            """,
            new { tenantId, installationId, type, afterId, limit = (long)limit }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToModule()).ToList();
    }

    /// <summary>All modules of a tenant's installations in <paramref name="states"/>, in registration order.</summary>
    public async Task<IReadOnlyList<DynamicModule>> ListForTenantAsync(long tenantId, IReadOnlyCollection<string> states, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModuleRow>(new CommandDefinition(
            $"""
            SELECT m.id, m.installation_id, m.module_key, m.module_type, m.dialect, m.definition, m.created_by, m.created_at, m.updated_at
            FROM dynamic_modules m JOIN installations i ON i.id = m.installation_id AND i.tenant_id = m.tenant_id
            WHERE m.tenant_id = @tenantId AND {database.In("i.state", "states")}
            ORDER BY m.id
            """,
            new { tenantId, states = states.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToModule()).ToList();
    }

    /// <summary>One module of an installation, or null.</summary>
    public async Task<DynamicModule?> FindAsync(long tenantId, long installationId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ModuleRow>(new CommandDefinition(
            $"SELECT {Columns} FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @key",
            new { tenantId, installationId, key }, cancellationToken: cancellationToken));
        return row?.ToModule();
    }

    /// <summary>One module inside a write transaction, or null.</summary>
    public static async Task<DynamicModule?> FindAsync(WriteScope scope, long tenantId, long installationId, string key, CancellationToken cancellationToken)
    {
        var row = await scope.QuerySingleOrDefaultAsync<ModuleRow>(
            $"SELECT {Columns} FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @key",
            new { tenantId, installationId, key }, cancellationToken);
        return row?.ToModule();
    }

    /// <summary>All of an installation's modules inside a write transaction, in registration order.</summary>
    public static async Task<IReadOnlyList<DynamicModule>> ListAsync(WriteScope scope, long tenantId, long installationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await scope.QueryAsync<ModuleRow>(
            $"SELECT {Columns} FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId ORDER BY id",
            new { tenantId, installationId }, cancellationToken);
        return rows.Select(row => row.ToModule()).ToList();
    }

    /// <summary>The keys of an installation's modules.</summary>
    public static async Task<IReadOnlyList<string>> ListKeysAsync(WriteScope scope, long tenantId, long installationId, CancellationToken cancellationToken) =>
        (await scope.QueryAsync<string>(
            "SELECT module_key FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId ORDER BY id",
            new { tenantId, installationId }, cancellationToken)).ToList();

    /// <summary>How many modules an installation has.</summary>
    public static Task<long> CountAsync(WriteScope scope, long tenantId, long installationId, CancellationToken cancellationToken) =>
        scope.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId",
            new { tenantId, installationId }, cancellationToken);

    /// <summary>How many modules all installations of a tenant have (kept modules of uninstalled apps included).</summary>
    public static Task<long> CountTenantAsync(WriteScope scope, long tenantId, CancellationToken cancellationToken) =>
        scope.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM dynamic_modules WHERE tenant_id = @tenantId", new { tenantId }, cancellationToken);

    /// <summary>Counts outside a transaction, for the quota endpoint.</summary>
    public async Task<(long Installation, long Tenant)> CountsAsync(long tenantId, long installationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var installation = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId",
            new { tenantId, installationId }, cancellationToken: cancellationToken));
        var tenant = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dynamic_modules WHERE tenant_id = @tenantId", new { tenantId }, cancellationToken: cancellationToken));
        return (installation, tenant);
    }

    /// <summary>Inserts a module; the caller has checked the key is free. Returns it as stored.</summary>
    public async Task<DynamicModule> InsertAsync(
        WriteScope scope, long tenantId, long installationId, string key, string type, ModuleDialect dialect, JsonObject definition,
        string createdBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = await scope.ExecuteScalarAsync<long>(
            """
            INSERT INTO dynamic_modules (tenant_id, installation_id, module_key, module_type, dialect, definition, created_by, created_at, updated_at)
            VALUES (@tenantId, @installationId, @key, @type, @dialect, @definition, @createdBy, @now, @now)
            RETURNING id
            """,
            new { tenantId, installationId, key, type, dialect = ModuleDialects.ToText(dialect), definition = definition.ToJsonString(), createdBy, now = UnixTime.ToMilliseconds(now) },
            cancellationToken);
        // Built from what was written, to the stored millisecond, rather than read back inside the write lock.
        var stored = UnixTime.FromMilliseconds(UnixTime.ToMilliseconds(now));
        return new DynamicModule(id, installationId, key, type, dialect, (JsonObject)definition.DeepClone(), createdBy, stored, stored);
    }

    /// <summary>Replaces a module's type and definition; false when the module is not the installation's.</summary>
    public async Task<bool> UpdateAsync(
        WriteScope scope, long tenantId, long installationId, string key, string type, JsonObject definition, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            """
            UPDATE dynamic_modules SET module_type = @type, definition = @definition, updated_at = @now
            WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @key
            """,
            new { type, definition = definition.ToJsonString(), now = UnixTime.ToMilliseconds(time.GetUtcNow()), tenantId, installationId, key },
            cancellationToken) == 1;

    /// <summary>Deletes the listed modules (all when <paramref name="keys"/> is null); returns the keys deleted.</summary>
    public static async Task<IReadOnlyList<string>> DeleteAsync(
        WriteScope scope, long tenantId, long installationId, IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        if (keys is null)
        {
            var all = await scope.QueryAsync<string>(
                "DELETE FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId RETURNING module_key",
                new { tenantId, installationId }, cancellationToken);
            return all.Order(StringComparer.Ordinal).ToList();
        }

        // One statement per key: the same SQL on both engines (Dapper's IN-list expansion does not work
        // with Npgsql), and a batch is at most the quota's size.
        var deleted = new List<string>(keys.Count);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            deleted.AddRange(await scope.QueryAsync<string>(
                """
                DELETE FROM dynamic_modules WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key = @key
                RETURNING module_key
                """,
                new { tenantId, installationId, key }, cancellationToken));
        }

        return deleted.Order(StringComparer.Ordinal).ToList();
    }

    private sealed class ModuleRow
    {
        public long Id { get; init; }
        public long InstallationId { get; init; }
        public string ModuleKey { get; init; } = "";
        public string ModuleType { get; init; } = "";
        public string Dialect { get; init; } = "";
        public string Definition { get; init; } = "{}";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public DynamicModule ToModule() => new(
            Id, InstallationId, ModuleKey, ModuleType, ModuleDialects.Parse(Dialect), JsonNode.Parse(Definition)!.AsObject(), CreatedBy,
            UnixTime.FromMilliseconds(CreatedAt), UnixTime.FromMilliseconds(UpdatedAt));
    }
}

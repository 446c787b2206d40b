using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Modules;
using DynamicModules.Storage;
using DynamicModules.Tenants;

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

    /// <summary>
    /// Inserts an installation's new modules in one statement, whatever their number (the rows travel as <see cref="SqlRows"/>), when
    /// they fit the limits in force (the installation's limit and the tenant-wide cap, read by the statement itself, inside the
    /// write), and skips those whose key the installation already has: the unique key of the table is the duplicate check. When not
    /// every module was inserted the caller finds out why (<see cref="QuotaCheckAsync"/>, <see cref="TakenKeysAsync"/>) and rolls back.
    /// </summary>
    /// <param name="scope">The write, holding the tenant's lock.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="installationId">The installation, of that tenant.</param>
    /// <param name="modules">The modules, with keys distinct among themselves.</param>
    /// <param name="dialect">Which API registers them.</param>
    /// <param name="createdBy">The actor.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public async Task<ModuleInsert> InsertWithinLimitsAsync(
        WriteScope scope, long tenantId, long installationId, IReadOnlyList<ModuleEntry> modules, ModuleDialect dialect, string createdBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(modules);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        var parameters = new DynamicParameters(new
        {
            tenantId,
            installationId,
            dialect = ModuleDialects.ToText(dialect),
            createdBy,
            now,
            adding = (long)modules.Count,
        });
        // A plain scan of the rows, so both engines assign the ids in the order given: registration order is id order.
        var rows = new SqlRows("m", modules.Count)
            .Text("module_key", i => modules[i].Key)
            .Text("module_type", i => modules[i].Type)
            .Text("definition", i => modules[i].Definition.ToJsonString())
            .From(database, parameters, "v");
        // The limits test does not depend on the row, so both engines evaluate it once, before the first insert: the counts are
        // those before the statement.
        var ids = (await scope.QueryAsync<(long Id, string ModuleKey)>(
            $"""
            INSERT INTO dynamic_modules (tenant_id, installation_id, module_key, module_type, dialect, definition, created_by, created_at, updated_at)
            SELECT @tenantId, @installationId, v.module_key, v.module_type, @dialect, v.definition, @createdBy, @now, @now FROM {rows}
            WHERE EXISTS (
                SELECT 1 FROM tenants t JOIN installations i ON i.tenant_id = t.id
                WHERE t.id = @tenantId AND i.id = @installationId
                  AND (SELECT COUNT(*) FROM dynamic_modules m WHERE m.tenant_id = @tenantId AND m.installation_id = @installationId) + @adding
                      <= COALESCE(i.quota_limit, t.per_app_limit)
                  AND (t.tenant_limit IS NULL
                       OR (SELECT COUNT(*) FROM dynamic_modules m WHERE m.tenant_id = @tenantId) + @adding <= t.tenant_limit))
            ON CONFLICT DO NOTHING
            RETURNING id, module_key
            """,
            parameters, cancellationToken)).ToDictionary(row => row.ModuleKey, row => row.Id, StringComparer.Ordinal);
        if (ids.Count < modules.Count)
        {
            return new ModuleInsert([], [.. modules.Select(module => module.Key).Where(key => !ids.ContainsKey(key))]);
        }

        // Built from what was written, to the stored millisecond, rather than read back inside the write lock.
        var stored = UnixTime.FromMilliseconds(now);
        return new ModuleInsert(
            [.. modules.Select(module => new DynamicModule(
                ids[module.Key], installationId, module.Key, module.Type, dialect, (JsonObject)module.Definition.DeepClone(), createdBy, stored, stored))],
            []);
    }

    /// <summary>
    /// The limits in force for the installation, its module count, and the tenant's when a tenant-wide cap is set: what a
    /// registration checks, read in one statement inside its write (so an operator's concurrent change of the limits is honoured too).
    /// </summary>
    public static async Task<ModuleQuotaCheck> QuotaCheckAsync(WriteScope scope, long tenantId, long installationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var row = await scope.QuerySingleOrDefaultAsync<QuotaRow>(
            """
            SELECT t.per_app_limit, t.tenant_limit, i.quota_limit,
                   (SELECT COUNT(*) FROM dynamic_modules m WHERE m.tenant_id = t.id AND m.installation_id = i.id) AS used,
                   CASE WHEN t.tenant_limit IS NULL THEN NULL
                        ELSE (SELECT COUNT(*) FROM dynamic_modules m WHERE m.tenant_id = t.id) END AS tenant_used
            FROM tenants t JOIN installations i ON i.tenant_id = t.id
            WHERE t.id = @tenantId AND i.id = @installationId
            """,
            new { tenantId, installationId }, cancellationToken)
            ?? throw new InvalidOperationException($"Installation {installationId} is not in tenant {tenantId}.");
        return new ModuleQuotaCheck(new ModuleLimits(row.QuotaLimit ?? row.PerAppLimit, row.TenantLimit), row.Used, row.TenantUsed);
    }

    /// <summary>Which of <paramref name="keys"/> the installation has, in the order given.</summary>
    public async Task<IReadOnlyList<string>> TakenKeysAsync(
        WriteScope scope, long tenantId, long installationId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(keys);
        var parameters = new DynamicParameters(new { tenantId, installationId });
        var wanted = new SqlRows("k", keys.Count).Text("module_key", i => keys[i]).From(database, parameters, "k");
        var taken = (await scope.QueryAsync<string>(
            $"""
            SELECT module_key FROM dynamic_modules
            WHERE tenant_id = @tenantId AND installation_id = @installationId AND module_key IN (SELECT k.module_key FROM {wanted})
            """,
            parameters, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return [.. keys.Where(taken.Contains)];
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

    // A class with setters: SQLite reports the type of a NULL column as byte[], which defeats Dapper's constructor matching.
    private sealed class QuotaRow
    {
        public long PerAppLimit { get; init; }
        public long? TenantLimit { get; init; }
        public long? QuotaLimit { get; init; }
        public long Used { get; init; }
        public long? TenantUsed { get; init; }
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

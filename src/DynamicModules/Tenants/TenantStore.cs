using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Tenants;

/// <summary>Tenants in the database.</summary>
public sealed class TenantStore(Database database, TimeProvider time)
{
    private const string Columns =
        "id, tenant_key, client_key, product_type, display_name, per_app_limit, tenant_limit, registration_policy, allow_as_app, module_version, created_at, updated_at, wiki_context_path";

    /// <summary>
    /// Creates the tenant or updates its settings within <paramref name="scope"/>; the client key is generated once and
    /// never changes. Writing the row locks it, so this is the tenant lock of the write (see <see cref="TenantWrite"/>).
    /// </summary>
    /// <returns>The tenant, whether it was created, and the previous version when it existed.</returns>
    public async Task<(Tenant Tenant, bool Created, Tenant? Previous)> UpsertAsync(
        WriteScope scope, string key, TenantSettings settings, int defaultPerAppLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(settings);
        var previous = await scope.QuerySingleOrDefaultAsync<TenantRow>(
            $"SELECT {Columns} FROM tenants WHERE tenant_key = @key" + LockClause, new { key }, cancellationToken);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        TenantRow row;
        if (previous is null)
        {
            row = (await scope.QuerySingleOrDefaultAsync<TenantRow>(
                $"""
                INSERT INTO tenants (tenant_key, client_key, product_type, display_name, per_app_limit, tenant_limit,
                                     registration_policy, allow_as_app, module_version, created_at, updated_at, wiki_context_path)
                VALUES (@key, @clientKey, @productType, @displayName, @perAppLimit, @tenantLimit,
                        @policy, @allowAsApp, 0, @now, @now, @wiki)
                RETURNING {Columns}
                """,
                new
                {
                    key,
                    clientKey = Guid.NewGuid().ToString(),
                    productType = settings.ProductType,
                    displayName = settings.DisplayName,
                    perAppLimit = (long)(settings.PerAppLimit ?? defaultPerAppLimit),
                    tenantLimit = settings.ClearTenantLimit ? null : (long?)settings.TenantLimit,
                    policy = settings.RegistrationPolicy ?? RegistrationPolicies.Any,
                    allowAsApp = (settings.AllowAsApp ?? true) ? 1L : 0L,
                    now,
                    wiki = WikiFor(settings.ProductType),
                },
                cancellationToken))!;
        }
        else
        {
            row = (await scope.QuerySingleOrDefaultAsync<TenantRow>(
                $"""
                UPDATE tenants SET product_type = @productType, display_name = @displayName,
                       per_app_limit = @perAppLimit, tenant_limit = @tenantLimit,
                       registration_policy = @policy, allow_as_app = @allowAsApp, updated_at = @now,
                       wiki_context_path = @wiki
                WHERE id = @id
                RETURNING {Columns}
                """,
                new
                {
                    id = previous.Id,
                    productType = settings.ProductType,
                    displayName = settings.DisplayName,
                    perAppLimit = (long)(settings.PerAppLimit ?? (int)previous.PerAppLimit),
                    tenantLimit = settings.ClearTenantLimit ? null : (long?)settings.TenantLimit ?? previous.TenantLimit,
                    policy = settings.RegistrationPolicy ?? previous.RegistrationPolicy,
                    allowAsApp = settings.AllowAsApp is { } allow ? (allow ? 1L : 0L) : previous.AllowAsApp,
                    now,
                    // A tenant keeps the base URL its apps were given while it stays the same product.
                    wiki = settings.ProductType == previous.ProductType ? previous.WikiContextPath : WikiFor(settings.ProductType),
                },
                cancellationToken))!;
        }

        return (row.ToTenant(), previous is null, previous?.ToTenant());
    }

    /// <summary>
    /// Takes the tenant's write lock for the rest of the transaction: the row lock on PostgreSQL; on SQLite the
    /// transaction already holds the database write lock (BEGIN IMMEDIATE), so no statement is needed.
    /// </summary>
    public async Task LockAsync(WriteScope scope, long tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (database.Engine == StorageEngine.Sqlite)
        {
            return;
        }

        await scope.ExecuteScalarAsync<long?>("SELECT id FROM tenants WHERE id = @tenantId" + LockClause, new { tenantId }, cancellationToken);
    }

    /// <summary>The tenant with this key, or null.</summary>
    public async Task<Tenant?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tenants WHERE tenant_key = @key", new { key }, cancellationToken: cancellationToken));
        return row?.ToTenant();
    }

    /// <summary>The tenant with this internal id, or null.</summary>
    public async Task<Tenant?> FindByIdAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tenants WHERE id = @tenantId", new { tenantId }, cancellationToken: cancellationToken));
        return row?.ToTenant();
    }

    /// <summary>All tenants, by key.</summary>
    public async Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TenantRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tenants ORDER BY tenant_key", cancellationToken: cancellationToken));
        return rows.Select(row => row.ToTenant()).ToList();
    }

    /// <summary>The tenant's current module version (cheap; for ETags and the change feed).</summary>
    public async Task<long?> ModuleVersionAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT module_version FROM tenants WHERE id = @tenantId", new { tenantId }, cancellationToken: cancellationToken));
    }

    private static long WikiFor(string productType) => productType == Tenant.Confluence ? 1L : 0L;

    private string LockClause => database.Engine == StorageEngine.Postgres ? " FOR UPDATE" : "";

    // A class with setters rather than a positional record: SQLite reports the type of a NULL column as
    // byte[], which defeats Dapper's constructor matching.
    private sealed class TenantRow
    {
        public long Id { get; init; }
        public string TenantKey { get; init; } = "";
        public string ClientKey { get; init; } = "";
        public string ProductType { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public long PerAppLimit { get; init; }
        public long? TenantLimit { get; init; }
        public string RegistrationPolicy { get; init; } = "";
        public long AllowAsApp { get; init; }
        public long ModuleVersion { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long WikiContextPath { get; init; }

        public Tenant ToTenant() => new(
            Id, TenantKey, ClientKey, ProductType, DisplayName, (int)PerAppLimit, (int?)TenantLimit,
            RegistrationPolicy, AllowAsApp != 0, ModuleVersion,
            UnixTime.FromMilliseconds(CreatedAt), UnixTime.FromMilliseconds(UpdatedAt), WikiContextPath != 0);
    }
}

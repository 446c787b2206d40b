using Dapper;
using DynamicModules.Protocol.Webhooks;
using DynamicModules.Secrets;
using DynamicModules.Storage;

namespace DynamicModules.Installations;

/// <summary>
/// Installations and their descriptor versions. Every statement filters by tenant. The secret columns are
/// sealed by <see cref="SecretProtector"/> on write and opened on read; nothing else here sees ciphertext.
/// </summary>
public sealed class InstallationStore(Database database, TimeProvider time, SecretProtector secrets)
{
    private const string Select =
        """
        SELECT i.id, i.tenant_id, i.app_id, a.app_key, i.state, i.shared_secret, i.signing_secret, i.quota_limit,
               i.descriptor_version, d.descriptor, d.translations, i.created_at, i.updated_at
        FROM installations i
        JOIN apps a ON a.id = i.app_id
        JOIN descriptor_versions d ON d.installation_id = i.id AND d.version = i.descriptor_version
        """;

    /// <summary>The installation of <paramref name="appKey"/> in the tenant, in any state, or null.</summary>
    public async Task<Installation?> FindAsync(long tenantId, string appKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstallationRow>(new CommandDefinition(
            Select + " WHERE i.tenant_id = @tenantId AND a.app_key = @appKey", new { tenantId, appKey },
            cancellationToken: cancellationToken));
        return row?.ToInstallation(secrets);
    }

    /// <summary>The installation of <paramref name="appKey"/> in the tenant, read inside a write transaction.</summary>
    public async Task<Installation?> FindAsync(WriteScope scope, long tenantId, string appKey, CancellationToken cancellationToken)
    {
        var row = await scope.QuerySingleOrDefaultAsync<InstallationRow>(
            Select + " WHERE i.tenant_id = @tenantId AND a.app_key = @appKey", new { tenantId, appKey }, cancellationToken);
        return row?.ToInstallation(secrets);
    }

    /// <summary>All installations of a tenant (any state), by app key.</summary>
    public async Task<IReadOnlyList<Installation>> ListAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InstallationRow>(new CommandDefinition(
            Select + " WHERE i.tenant_id = @tenantId ORDER BY a.app_key", new { tenantId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToInstallation(secrets)).ToList();
    }

    /// <summary>
    /// Records an install, reinstall or upgrade: creates the app and installation rows when new, stores
    /// the descriptor as the next version, sets the new shared secret and marks the installation enabled.
    /// <paramref name="signingSecret"/> is stored for a new installation only: an existing one keeps its
    /// webhook signing secret across upgrades and reinstalls.
    /// </summary>
    public async Task<Installation> SaveInstalledAsync(
        WriteScope scope, long tenantId, string appKey, string sharedSecret, string descriptor, string translations,
        CancellationToken cancellationToken, string? signingSecret = null)
    {
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        await scope.ExecuteAsync(
            "INSERT INTO apps (app_key, created_at) VALUES (@appKey, @now) ON CONFLICT (app_key) DO NOTHING",
            new { appKey, now }, cancellationToken);
        var appId = await scope.ExecuteScalarAsync<long>("SELECT id FROM apps WHERE app_key = @appKey", new { appKey }, cancellationToken);
        var existing = await scope.QuerySingleOrDefaultAsync<ExistingRow>(
            "SELECT id, descriptor_version FROM installations WHERE tenant_id = @tenantId AND app_id = @appId",
            new { tenantId, appId }, cancellationToken);

        long installationId;
        long version;
        if (existing is not null)
        {
            installationId = existing.Id;
            version = existing.DescriptorVersion + 1;
        }
        else
        {
            version = 1;
            installationId = await scope.ExecuteScalarAsync<long>(
                """
                INSERT INTO installations (tenant_id, app_id, state, shared_secret, signing_secret, quota_limit,
                                           descriptor_version, created_at, updated_at)
                VALUES (@tenantId, @appId, @state, @sharedSecret, @signingSecret, NULL, 0, @now, @now)
                RETURNING id
                """,
                new
                {
                    tenantId,
                    appId,
                    state = InstallationStates.Enabled,
                    sharedSecret = secrets.Seal(sharedSecret, SecretContext.SharedSecret(tenantId, appId)),
                    signingSecret = secrets.Seal(
                        signingSecret ?? StandardWebhookSignature.NewSecret(), SecretContext.SigningSecret(tenantId, appId)),
                    now,
                },
                cancellationToken);
        }

        await scope.ExecuteAsync(
            """
            INSERT INTO descriptor_versions (installation_id, version, descriptor, translations, created_at)
            VALUES (@installationId, @version, @descriptor, @translations, @now)
            """,
            new { installationId, version, descriptor, translations, now }, cancellationToken);
        await scope.ExecuteAsync(
            """
            UPDATE installations SET state = @state, shared_secret = @sharedSecret, descriptor_version = @version, updated_at = @now
            WHERE id = @installationId AND tenant_id = @tenantId
            """,
            new
            {
                state = InstallationStates.Enabled,
                sharedSecret = secrets.Seal(sharedSecret, SecretContext.SharedSecret(tenantId, appId)),
                version,
                now,
                installationId,
                tenantId,
            },
            cancellationToken);
        return (await FindAsync(scope, tenantId, appKey, cancellationToken))!;
    }

    /// <summary>
    /// Stores <paramref name="descriptor"/> as the installation's next descriptor version, keeping its state, secrets and
    /// translations: for changes the service makes to what it serves (the endpoints a Connect → Forge migration derives).
    /// </summary>
    public static async Task AppendDescriptorVersionAsync(
        WriteScope scope, long tenantId, Installation installation, string descriptor, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(time);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        var version = installation.DescriptorVersion + 1;
        await scope.ExecuteAsync(
            """
            INSERT INTO descriptor_versions (installation_id, version, descriptor, translations, created_at)
            VALUES (@installationId, @version, @descriptor, @translations, @now)
            """,
            new { installationId = installation.Id, version, descriptor, translations = installation.Translations, now }, cancellationToken);
        await scope.ExecuteAsync(
            "UPDATE installations SET descriptor_version = @version, updated_at = @now WHERE id = @installationId AND tenant_id = @tenantId",
            new { version, now, installationId = installation.Id, tenantId }, cancellationToken);
    }

    /// <summary>Sets the state of an installation; returns false when it is not in the tenant.</summary>
    public async Task<bool> SetStateAsync(WriteScope scope, long tenantId, long installationId, string state, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            "UPDATE installations SET state = @state, updated_at = @now WHERE id = @installationId AND tenant_id = @tenantId",
            new { state, now = UnixTime.ToMilliseconds(time.GetUtcNow()), installationId, tenantId }, cancellationToken) == 1;

    /// <summary>Sets (or with null clears) the operator's per-app limit.</summary>
    public async Task<bool> SetQuotaAsync(WriteScope scope, long tenantId, long installationId, int? limit, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            "UPDATE installations SET quota_limit = @limit, updated_at = @now WHERE id = @installationId AND tenant_id = @tenantId",
            new { limit = (long?)limit, now = UnixTime.ToMilliseconds(time.GetUtcNow()), installationId, tenantId }, cancellationToken) == 1;

    /// <summary>
    /// The shared secret of an enabled installation, for authenticating its calls; null otherwise, and null
    /// when the stored value does not decrypt (tampered, or sealed under a key no longer configured).
    /// </summary>
    public async Task<string?> FindEnabledSharedSecretAsync(long tenantId, string appKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SharedSecretRow>(new CommandDefinition(
            """
            SELECT i.app_id, i.shared_secret FROM installations i JOIN apps a ON a.id = i.app_id
            WHERE i.tenant_id = @tenantId AND a.app_key = @appKey AND i.state = @state
            """,
            new { tenantId, appKey, state = InstallationStates.Enabled }, cancellationToken: cancellationToken));
        return row is not null && secrets.TryOpen(row.SharedSecret, SecretContext.SharedSecret(tenantId, row.AppId), out var secret)
            ? secret
            : null;
    }

    private sealed class SharedSecretRow
    {
        public long AppId { get; init; }
        public string SharedSecret { get; init; } = "";
    }

    private sealed class ExistingRow
    {
        public long Id { get; init; }
        public long DescriptorVersion { get; init; }
    }

    private sealed class InstallationRow
    {
        public long Id { get; init; }
        public long TenantId { get; init; }
        public long AppId { get; init; }
        public string AppKey { get; init; } = "";
        public string State { get; init; } = "";
        public string SharedSecret { get; init; } = "";
        public string SigningSecret { get; init; } = "";
        public long? QuotaLimit { get; init; }
        public long DescriptorVersion { get; init; }
        public string Descriptor { get; init; } = "{}";
        public string Translations { get; init; } = "{}";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public Installation ToInstallation(SecretProtector secrets) => new(
            Id, TenantId, AppKey, State, Open(secrets, SharedSecret, SecretContext.SharedSecret(TenantId, AppId)),
            Open(secrets, SigningSecret, SecretContext.SigningSecret(TenantId, AppId)), (int?)QuotaLimit, (int)DescriptorVersion, Descriptor,
            Translations, UnixTime.FromMilliseconds(CreatedAt), UnixTime.FromMilliseconds(UpdatedAt));

        private static string? Open(SecretProtector secrets, string stored, string context) =>
            secrets.TryOpen(stored, context, out var plaintext) ? plaintext : null;
    }
}

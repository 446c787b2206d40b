using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Secrets;

/// <summary>The stored secret columns of every installation, for the start-up sweep.</summary>
public sealed class InstallationSecretsStore(Database database)
{
    /// <summary>Every installation's secret columns, as stored.</summary>
    public async Task<IReadOnlyList<StoredInstallationSecrets>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredInstallationSecrets>(new CommandDefinition(
            "SELECT id, tenant_id, app_id, shared_secret, signing_secret FROM installations ORDER BY id",
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Replaces both columns only if they still hold what the sweep read: a secret written meanwhile by a
    /// (re)install on any node is never overwritten with an older one. Returns false when the row moved on.
    /// </summary>
    public async Task<bool> ReplaceAsync(StoredInstallationSecrets read, string sharedSecret, string signingSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE installations SET shared_secret = @sharedSecret, signing_secret = @signingSecret
            WHERE id = @id AND shared_secret = @oldShared AND signing_secret = @oldSigning
            """,
            new { sharedSecret, signingSecret, id = read.Id, oldShared = read.SharedSecret, oldSigning = read.SigningSecret },
            cancellationToken: cancellationToken)) == 1;
    }
}

/// <summary>One installation's secret columns as stored (sealed, or plaintext from before encryption).</summary>
public sealed class StoredInstallationSecrets
{
    /// <summary>The installation row id.</summary>
    public long Id { get; init; }

    /// <summary>The tenant row id.</summary>
    public long TenantId { get; init; }

    /// <summary>The app row id.</summary>
    public long AppId { get; init; }

    /// <summary>The <c>shared_secret</c> column.</summary>
    public string SharedSecret { get; init; } = "";

    /// <summary>The <c>signing_secret</c> column.</summary>
    public string SigningSecret { get; init; } = "";
}

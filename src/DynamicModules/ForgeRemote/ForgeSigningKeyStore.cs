using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.ForgeRemote;

/// <summary>The rows of <c>forge_signing_keys</c>; private keys arrive and leave sealed.</summary>
public sealed class ForgeSigningKeyStore(Database database)
{
    /// <summary>Every key created at or after <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<StoredForgeSigningKey>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredForgeSigningKey>(new CommandDefinition(
            """
            SELECT kid AS KeyId, private_key AS SealedPrivateKey, created_at AS CreatedAt
            FROM forge_signing_keys WHERE created_at >= @since ORDER BY created_at DESC, kid
            """,
            new { since = UnixTime.ToMilliseconds(since) }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Adds a key and removes those too old to have signed any token still valid. Two nodes rotating at once both add
    /// one: the newest signs from then on, and both stay published.
    /// </summary>
    public async Task AddAsync(
        string keyId, string sealedPrivateKey, string publicJwk, DateTimeOffset createdAt, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await scope.ExecuteAsync(
            "DELETE FROM forge_signing_keys WHERE created_at < @expiredBefore",
            new { expiredBefore = UnixTime.ToMilliseconds(expiredBefore) }, cancellationToken);
        await scope.ExecuteAsync(
            """
            INSERT INTO forge_signing_keys (kid, private_key, public_jwk, created_at) VALUES (@keyId, @sealedPrivateKey, @publicJwk, @createdAt)
            ON CONFLICT (kid) DO NOTHING
            """,
            new { keyId, sealedPrivateKey, publicJwk, createdAt = UnixTime.ToMilliseconds(createdAt) }, cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }
}

/// <summary>One stored signing key.</summary>
public sealed class StoredForgeSigningKey
{
    /// <summary>The kid.</summary>
    public string KeyId { get; init; } = "";

    /// <summary>The sealed PKCS#8 PEM.</summary>
    public string SealedPrivateKey { get; init; } = "";

    /// <summary>Creation time, Unix ms.</summary>
    public long CreatedAt { get; init; }
}

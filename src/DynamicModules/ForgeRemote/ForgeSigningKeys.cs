using System.Security.Cryptography;
using DynamicModules.Secrets;
using DynamicModules.Storage;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// The ring of RSA keys that sign Forge Invocation Tokens and app tokens, shared by every node through the database.
/// The newest key signs; a key older than <see cref="ForgeRemoteOptions.KeyRotationAge"/> is replaced by a new one, and
/// stays published (and accepted) for as long as a token it signed can live. Read from the database at most every
/// <see cref="RefreshInterval"/>, or sooner when a token names a kid this node has not seen (another node rotated).
/// </summary>
public sealed class ForgeSigningKeys(
    ForgeSigningKeyStore store, SecretProtector protector, IOptions<ForgeRemoteOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>How long a node trusts its copy of the ring.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    // An unknown kid may make a node look again, but not more often than this: a stream of forged kids costs no queries.
    private static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<ForgeSigningKey> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    /// <summary>The longest a token signed by the ring can live.</summary>
    public static TimeSpan LongestTokenLifetime(ForgeRemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.InvocationTokenLifetime > options.AppTokenLifetime ? options.InvocationTokenLifetime : options.AppTokenLifetime;
    }

    /// <summary>The key to sign with now, generating the first or the next one when due.</summary>
    public async Task<ForgeSigningKey> CurrentAsync(CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (keys.Count > 0 && now - keys[0].CreatedAt < options.Value.KeyRotationAge)
        {
            return keys[0];
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have rotated while this one waited.
            keys = await LoadAsync(cancellationToken);
            if (keys.Count > 0 && now - keys[0].CreatedAt < options.Value.KeyRotationAge)
            {
                return keys[0];
            }

            using var key = ForgeSigningKey.Generate(now);
            var pem = key.Rsa.ExportPkcs8PrivateKeyPem();
            await store.AddAsync(key.KeyId, protector.Seal(pem, SecretContext.ForgeSigningKey(key.KeyId)), key.PublicJwk.ToJsonString(), now,
                ExpiredBefore(now), cancellationToken);
            keys = await LoadAsync(cancellationToken);
            return keys[0];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The keys whose tokens can still be valid, newest first: what the JWKS publishes and validation accepts.</summary>
    public async Task<IReadOnlyList<ForgeSigningKey>> PublishedAsync(CancellationToken cancellationToken)
    {
        await CurrentAsync(cancellationToken);
        return await KeysAsync(cancellationToken);
    }

    /// <summary>The published key named <paramref name="keyId"/>, or null.</summary>
    public async Task<ForgeSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var found = (await KeysAsync(cancellationToken)).FirstOrDefault(key => key.KeyId == keyId);
        if (found is not null || time.GetUtcNow() - _loadedAt < UnknownKidRefreshInterval)
        {
            return found;
        }

        return (await LoadAsync(cancellationToken)).FirstOrDefault(key => key.KeyId == keyId);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        _gate.Dispose();
    }

    // A key created before this signed its last token longer ago than any token lives.
    private DateTimeOffset ExpiredBefore(DateTimeOffset now) =>
        now - options.Value.KeyRotationAge - LongestTokenLifetime(options.Value) - TimeSpan.FromMinutes(1);

    private async Task<IReadOnlyList<ForgeSigningKey>> KeysAsync(CancellationToken cancellationToken) =>
        time.GetUtcNow() - _loadedAt < RefreshInterval ? _keys : await LoadAsync(cancellationToken);

    private async Task<IReadOnlyList<ForgeSigningKey>> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = await store.ListSinceAsync(ExpiredBefore(now), cancellationToken);
        var keys = new List<ForgeSigningKey>(stored.Count);
        foreach (var row in stored)
        {
            // Reuse the parsed key when this node has it already; a key whose seal does not open is skipped (a wrong
            // DynamicModules:SecretKeys): the ring then makes a new one it can use.
            var known = _keys.FirstOrDefault(key => key.KeyId == row.KeyId);
            if (known is not null)
            {
                keys.Add(known);
                continue;
            }

            if (protector.TryOpen(row.SealedPrivateKey, SecretContext.ForgeSigningKey(row.KeyId), out var pem))
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                keys.Add(new ForgeSigningKey(row.KeyId, rsa, UnixTime.FromMilliseconds(row.CreatedAt)));
            }
        }

        // Keys dropped from the ring are not disposed: a signer may still hold one for a moment, and they are few.
        _keys = keys;
        _loadedAt = now;
        return keys;
    }
}

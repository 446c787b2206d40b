using Microsoft.Extensions.Logging;

namespace DynamicModules.Secrets;

/// <summary>
/// Runs at start-up: encrypts secrets still stored in plaintext (written before secrets were encrypted)
/// and re-encrypts those sealed under an older key, so retiring a key only needs one restart with the
/// new key first. Values that cannot be opened are reported and left as they are.
/// </summary>
public sealed partial class SecretSweep(InstallationSecretsStore store, SecretProtector protector, ILogger<SecretSweep> logger)
{
    /// <summary>What one sweep did.</summary>
    /// <param name="Encrypted">Rows that held plaintext.</param>
    /// <param name="Reencrypted">Rows moved from an older key to the current one.</param>
    /// <param name="Unreadable">Rows with a value no configured key opens.</param>
    public sealed record Result(int Encrypted, int Reencrypted, int Unreadable);

    /// <summary>Sweeps every installation.</summary>
    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        int encrypted = 0, reencrypted = 0, unreadable = 0;
        foreach (var row in await store.ListAsync(cancellationToken))
        {
            var shared = Reseal(row.SharedSecret, SecretContext.SharedSecret(row.TenantId, row.AppId));
            var signing = Reseal(row.SigningSecret, SecretContext.SigningSecret(row.TenantId, row.AppId));
            if (shared.Outcome == Outcome.Unreadable || signing.Outcome == Outcome.Unreadable)
            {
                unreadable++;
                LogUnreadable(logger, row.Id, KeyIdsOf(row));
                continue;
            }

            if (shared.Outcome == Outcome.Current && signing.Outcome == Outcome.Current)
            {
                continue;
            }

            if (await store.ReplaceAsync(row, shared.Value, signing.Value, cancellationToken))
            {
                if (shared.Outcome == Outcome.Plaintext || signing.Outcome == Outcome.Plaintext)
                {
                    encrypted++;
                }
                else
                {
                    reencrypted++;
                }
            }
        }

        if (encrypted + reencrypted > 0)
        {
            LogSwept(logger, encrypted, reencrypted, protector.Ring.Current.Id);
        }

        return new Result(encrypted, reencrypted, unreadable);
    }

    private (Outcome Outcome, string Value) Reseal(string stored, string context)
    {
        if (!SecretProtector.IsSealed(stored))
        {
            return (Outcome.Plaintext, protector.Seal(stored, context));
        }

        if (!protector.TryOpen(stored, context, out var plaintext))
        {
            return (Outcome.Unreadable, stored);
        }

        return SecretProtector.KeyIdOf(stored) == protector.Ring.Current.Id
            ? (Outcome.Current, stored)
            : (Outcome.Older, protector.Seal(plaintext, context));
    }

    private static string KeyIdsOf(StoredInstallationSecrets row) =>
        string.Join(", ", new[] { row.SharedSecret, row.SigningSecret }.Select(value => SecretProtector.KeyIdOf(value) ?? "?").Distinct());

    private enum Outcome
    {
        Plaintext,
        Current,
        Older,
        Unreadable,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secrets at rest: encrypted {Encrypted} plaintext installation(s), moved {Reencrypted} to key '{KeyId}'.")]
    private static partial void LogSwept(ILogger logger, int encrypted, int reencrypted, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Installation {InstallationId}: its stored secrets cannot be decrypted (key id {KeyIds}); configure that key or reinstall the app.")]
    private static partial void LogUnreadable(ILogger logger, long installationId, string keyIds);
}

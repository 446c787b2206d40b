using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Secrets;

/// <summary>
/// Seals secrets for storage with AES-256-GCM under the ring's current key. A sealed value reads
/// <c>enc1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>; the key id and the value's
/// <see cref="SecretContext"/> are authenticated as associated data.
/// </summary>
/// <remarks>
/// Values opened are remembered in memory, keyed by the sealed text and its context, so a secret read on every delivery or app
/// request is decrypted once per process: the same sealed text in the same place always opens to the same plaintext (the ring is
/// fixed for the process's life), and a re-sealed secret (rotation, a new install) is another text, so a miss. Values that do not
/// open are not remembered. Bounded: past <see cref="OpenedCapacity"/> entries the memory is cleared.
/// </remarks>
public sealed class SecretProtector(SecretKeyRing ring)
{
    /// <summary>The most opened values kept in memory at once.</summary>
    public const int OpenedCapacity = 4096;

    private const string Prefix = "enc1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly ConcurrentDictionary<(string Stored, string Context), string> _opened = new();
    private int _openedCount;

    /// <summary>The ring in use.</summary>
    public SecretKeyRing Ring { get; } = ring;

    /// <summary>True when <paramref name="stored"/> is in the sealed form (not necessarily readable).</summary>
    public static bool IsSealed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The key id of a sealed value, or null when it is not sealed.</summary>
    public static string? KeyIdOf(string stored)
    {
        if (!IsSealed(stored))
        {
            return null;
        }

        var end = stored.IndexOf('.', Prefix.Length);
        return end < 0 ? null : stored[Prefix.Length..end];
    }

    /// <summary>Seals <paramref name="plaintext"/> for the place named by <paramref name="context"/>.</summary>
    public string Seal(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = Ring.Current;
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), AssociatedData(key.Id, context));
        return Prefix + key.Id + "." + Base64Url.Encode(sealedBytes);
    }

    /// <summary>
    /// Opens a sealed value; false when it is not sealed, its key is not in the ring, or it fails
    /// authentication (tampered, or copied from another row or column).
    /// </summary>
    public bool TryOpen(string stored, string context, [NotNullWhen(true)] out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        if (_opened.TryGetValue((stored, context), out plaintext))
        {
            return true;
        }

        if (!TryDecrypt(stored, context, out plaintext))
        {
            return false;
        }

        if (Interlocked.Increment(ref _openedCount) > OpenedCapacity)
        {
            // Crude but bounded: a cleared entry costs one decryption.
            _opened.Clear();
            Interlocked.Exchange(ref _openedCount, 1);
        }

        _opened[(stored, context)] = plaintext;
        return true;
    }

    /// <summary>How many opened values are held in memory now (at most <see cref="OpenedCapacity"/>).</summary>
    public int OpenedCount => _opened.Count;

    private bool TryDecrypt(string stored, string context, [NotNullWhen(true)] out string? plaintext)
    {
        plaintext = null;
        if (KeyIdOf(stored) is not { } keyId || Ring.Find(keyId) is not { } key
            || !Base64Url.TryDecode(stored.AsSpan(Prefix.Length + keyId.Length + 1), out var sealedBytes)
            || sealedBytes.Length < NonceSize + TagSize)
        {
            return false;
        }

        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Material, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, clear.Length),
                sealedBytes.AsSpan(NonceSize + clear.Length), clear, AssociatedData(keyId, context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(clear);
        return true;
    }

    private static byte[] AssociatedData(string keyId, string context) => Encoding.UTF8.GetBytes(Prefix + keyId + "\n" + context);
}

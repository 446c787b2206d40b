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
public sealed class SecretProtector(SecretKeyRing ring)
{
    private const string Prefix = "enc1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

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

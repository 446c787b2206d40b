using System.Security.Cryptography;

namespace DynamicModules.Installations;

/// <summary>
/// The service's RSA key for signed lifecycle callbacks (connect.md §3.4). Generated once and kept in the
/// data directory; its <see cref="KeyId"/> is derived from the public key, so a new key is a new kid and
/// apps may cache public keys by kid forever.
/// </summary>
public sealed class ConnectSigningKey : IDisposable
{
    private const string FileName = "connect-signing-key.pem";

    private ConnectSigningKey(RSA rsa)
    {
        Rsa = rsa;
        var spki = rsa.ExportSubjectPublicKeyInfo();
        KeyId = "dm-" + Convert.ToHexStringLower(SHA256.HashData(spki))[..32];
        PublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    /// <summary>The private key.</summary>
    public RSA Rsa { get; }

    /// <summary>The <c>kid</c> header value and the path segment under <c>/connect-keys/</c>.</summary>
    public string KeyId { get; }

    /// <summary>The SPKI public key as PEM, the body apps fetch.</summary>
    public string PublicKeyPem { get; }

    /// <summary>Loads the key from <paramref name="dataDirectory"/>, generating and saving it on first use.</summary>
    public static ConnectSigningKey LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return new ConnectSigningKey(rsa);
        }

        rsa.KeySize = 2048;
        SecretFiles.WriteNew(path, rsa.ExportPkcs8PrivateKeyPem());
        return new ConnectSigningKey(rsa);
    }

    /// <inheritdoc />
    public void Dispose() => Rsa.Dispose();
}

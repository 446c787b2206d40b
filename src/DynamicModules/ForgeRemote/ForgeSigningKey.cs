using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.ForgeRemote;

/// <summary>One RSA key of the Forge signing ring: its <c>kid</c>, the private key and the public JWK.</summary>
public sealed class ForgeSigningKey : IDisposable
{
    internal ForgeSigningKey(string keyId, RSA rsa, DateTimeOffset createdAt)
    {
        KeyId = keyId;
        Rsa = rsa;
        CreatedAt = createdAt;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        PublicJwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64Url.Encode(parameters.Modulus!),
            ["e"] = Base64Url.Encode(parameters.Exponent!),
        };
    }

    /// <summary>The <c>kid</c> header of the tokens it signs.</summary>
    public string KeyId { get; }

    /// <summary>The key pair.</summary>
    public RSA Rsa { get; }

    /// <summary>When it was generated; its age decides rotation and how long it stays published.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The public key as a JWK (RFC 7517) for the JWKS.</summary>
    public JsonObject PublicJwk { get; }

    /// <summary>Generates a 2048-bit key; its kid is derived from the public key, so a kid never names two keys.</summary>
    public static ForgeSigningKey Generate(DateTimeOffset now)
    {
        var rsa = RSA.Create(2048);
        var kid = "fk-" + Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..32];
        return new ForgeSigningKey(kid, rsa, now);
    }

    /// <inheritdoc />
    public void Dispose() => Rsa.Dispose();
}

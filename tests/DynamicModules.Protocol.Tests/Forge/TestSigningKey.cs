using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Forge;

/// <summary>An RSA key pair with a kid, and the JWKS that publishes it.</summary>
internal sealed class TestSigningKey : IDisposable
{
    public TestSigningKey(string keyId, int bits = 2048)
    {
        KeyId = keyId;
        Rsa = RSA.Create(bits);
    }

    public string KeyId { get; }

    public RSA Rsa { get; }

    public JsonObject Jwk()
    {
        var parameters = Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64Url.Encode(parameters.Modulus),
            ["e"] = Base64Url.Encode(parameters.Exponent),
        };
    }

    public static string KeySet(params JsonNode[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    public JsonWebKeySet Parsed()
    {
        JsonWebKeySet.TryParse(KeySet(Jwk()), out var set, out var failure).ShouldBeTrue(failure);
        return set;
    }

    public void Dispose() => Rsa.Dispose();
}

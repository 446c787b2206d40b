using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.ForgeRemote;

/// <summary>Signs the ring's tokens: RS256 with the key's <c>kid</c> and a <c>typ</c> that tells a FIT from an app token.</summary>
public static class ForgeTokenSigner
{
    /// <summary>Compact JWS of <paramref name="claims"/> with the header <c>{alg: RS256, typ, kid}</c>.</summary>
    public static string Sign(JsonObject claims, string type, ForgeSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = type, ["kid"] = key.KeyId };
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
            Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }
}

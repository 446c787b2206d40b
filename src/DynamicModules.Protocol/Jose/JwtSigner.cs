using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamicModules.Protocol.Jose;

/// <summary>Creates compact JWS tokens: HS256 for shared-secret traffic, RS256 for signed lifecycle callbacks.</summary>
public static class JwtSigner
{
    /// <summary>Signs <paramref name="claims"/> with HMAC-SHA256 over the secret's UTF-8 bytes (as atlassian-jwt does).</summary>
    public static string SignHs256(JsonObject claims, string sharedSecret)
    {
        var signingInput = SigningInput(new JsonObject { ["typ"] = "JWT", ["alg"] = "HS256" }, claims);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>
    /// Signs <paramref name="claims"/> with RSASSA-PKCS1-v1_5 SHA-256, naming the key in the <c>kid</c> header and the token's
    /// kind in <c>typ</c> (<c>JWT</c> unless a profile names its own, as RFC 9068 access tokens do with <c>at+jwt</c>).
    /// </summary>
    public static string SignRs256(JsonObject claims, RSA privateKey, string keyId, string type = "JWT")
    {
        var signingInput = SigningInput(new JsonObject { ["typ"] = type, ["alg"] = "RS256", ["kid"] = keyId }, claims);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    // ToJsonString() without options is already compact and keeps insertion order. Custom options
    // without a TypeInfoResolver would throw for values made by JsonValue.Create(object).
    private static string SigningInput(JsonObject header, JsonObject claims) =>
        Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
        Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
}

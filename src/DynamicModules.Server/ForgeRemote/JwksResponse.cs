using System.Text.Json.Nodes;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>A JSON Web Key Set (RFC 7517 §5): the public keys that sign FITs and app tokens, newest first.</summary>
/// <param name="Keys">RSA keys with <c>kty</c>, <c>kid</c>, <c>use</c>, <c>alg</c>, <c>n</c>, <c>e</c>.</param>
public sealed record JwksResponse(IReadOnlyList<JsonWebKeyResponse> Keys);

/// <summary>One RSA public key of <see cref="JwksResponse"/>.</summary>
/// <param name="Kty">Always <c>RSA</c>.</param>
/// <param name="Kid">The key id tokens name in their header.</param>
/// <param name="Use">Always <c>sig</c>.</param>
/// <param name="Alg">Always <c>RS256</c>.</param>
/// <param name="N">The modulus, base64url.</param>
/// <param name="E">The exponent, base64url.</param>
public sealed record JsonWebKeyResponse(string Kty, string Kid, string Use, string Alg, string N, string E)
{
    /// <summary>The response form of a JWK the key ring made.</summary>
    public static JsonWebKeyResponse From(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return new(Text(jwk, "kty"), Text(jwk, "kid"), Text(jwk, "use"), Text(jwk, "alg"), Text(jwk, "n"), Text(jwk, "e"));
    }

    private static string Text(JsonObject jwk, string name) => jwk[name]!.GetValue<string>();
}

using DynamicModules.ForgeRemote;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>The public keys remotes verify FITs (and anyone verifies app tokens) with.</summary>
public static class JwksEndpoints
{
    /// <summary>Maps <c>GET /.well-known/jwks.json</c>.</summary>
    public static IEndpointRouteBuilder MapJwksEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", GetKeysAsync)
            .WithName("GetJwks")
            .WithSummary("Keys of Forge Invocation Tokens and app tokens")
            .WithDescription("The JSON Web Key Set of the RS256 keys that sign Forge Invocation Tokens (`Authorization: Bearer` of requests to Forge remotes) and app tokens, newest first: the current key and the older ones whose tokens may still be valid. No authentication. Verify a FIT with any JOSE library against this URL (for example jose's createRemoteJWKSet).")
            .WithTags("Public")
            .AllowAnonymous();
        return routes;
    }

    private static async Task<Ok<JwksResponse>> GetKeysAsync(ForgeSigningKeys keys, HttpContext context, CancellationToken cancellationToken)
    {
        var published = await keys.PublishedAsync(cancellationToken);
        // Short enough that a rotation reaches every verifier well before the old key's tokens run out.
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JwksResponse(published.Select(key => JsonWebKeyResponse.From(key.PublicJwk)).ToList()));
    }
}

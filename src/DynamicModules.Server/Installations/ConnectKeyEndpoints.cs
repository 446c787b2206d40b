using DynamicModules.Installations;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Installations;

/// <summary>The public key apps use to verify the signed <c>installed</c>/<c>uninstalled</c> callbacks.</summary>
public static class ConnectKeyEndpoints
{
    /// <summary>The media type of the key.</summary>
    public const string PemMediaType = "application/x-pem-file";

    /// <summary>Maps <c>GET /connect-keys/{kid}</c>.</summary>
    public static IEndpointRouteBuilder MapConnectKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/connect-keys/{kid}", GetKey)
            .WithName("GetConnectKey")
            .WithSummary("Public key of signed lifecycle callbacks")
            .WithDescription("PEM (SPKI) public key for the RS256 `installed`/`uninstalled` callbacks, named by the `kid` of their JWT header; ACE finds it through CONNECT_KEYS_CDN_URL. No authentication. 404 for any other kid.")
            .WithTags("Public")
            .Produces<string>(StatusCodes.Status200OK, PemMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> GetKey(string kid, ConnectSigningKey key) =>
        string.Equals(kid, key.KeyId, StringComparison.Ordinal)
            ? TypedResults.Text(key.PublicKeyPem, PemMediaType)
            : Problems.NotFound($"No public key has the id '{kid}'.");
}

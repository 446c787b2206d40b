using DynamicModules.Installations;
using DynamicModules.Server.Errors;

namespace DynamicModules.Server.Installations;

/// <summary>The public key apps use to verify the signed <c>installed</c>/<c>uninstalled</c> callbacks.</summary>
public static class ConnectKeyEndpoints
{
    /// <summary>Maps <c>GET /connect-keys/{kid}</c>.</summary>
    public static IEndpointRouteBuilder MapConnectKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/connect-keys/{kid}", IResult (string kid, ConnectSigningKey key) =>
                string.Equals(kid, key.KeyId, StringComparison.Ordinal)
                    ? TypedResults.Text(key.PublicKeyPem, "application/x-pem-file")
                    : Problems.NotFound($"No public key has the id '{kid}'."))
            .WithSummary("Public key of signed lifecycle callbacks")
            .WithDescription("PEM (SPKI) public key for the RS256 `installed`/`uninstalled` callbacks; ACE finds it through CONNECT_KEYS_CDN_URL.")
            .WithTags("Public");
        return routes;
    }
}

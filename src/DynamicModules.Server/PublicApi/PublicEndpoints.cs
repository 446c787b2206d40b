using DynamicModules.Installations;

namespace DynamicModules.Server.PublicApi;

/// <summary>Unauthenticated endpoints: health and the public key of signed installs.</summary>
public static class PublicEndpoints
{
    /// <summary>Maps <c>/healthz</c> and <c>/connect-keys/{kid}</c>.</summary>
    public static IEndpointRouteBuilder MapPublicEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithSummary("Liveness check").WithTags("Public");

        routes.MapGet("/connect-keys/{kid}", IResult (string kid, ConnectSigningKey key) =>
                string.Equals(kid, key.KeyId, StringComparison.Ordinal)
                    ? TypedResults.Text(key.PublicKeyPem, "application/x-pem-file")
                    : Problems.Problems.NotFound($"No public key has the id '{kid}'."))
            .WithSummary("Public key of signed lifecycle callbacks")
            .WithDescription("PEM (SPKI) public key for the RS256 `installed`/`uninstalled` callbacks; ACE finds it through CONNECT_KEYS_CDN_URL.")
            .WithTags("Public");
        return routes;
    }

    /// <summary>Body of <c>/healthz</c>.</summary>
    public sealed record HealthResponse(string Status);
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DynamicModules.Server.Tests.ForgeRemote;

/// <summary>
/// The modules of a Forge-style app for the Forge Remote tests, and what a careful remote does with what it receives:
/// verify the FIT with a JOSE library (Microsoft.IdentityModel) against the service's JWKS, read its claims, and call
/// back with the app token it was handed.
/// </summary>
internal static class ForgeRemoteApp
{
    /// <summary>The endpoint events are delivered to.</summary>
    public const string EventsPath = "/forge/events";

    /// <summary>The endpoint invoke calls.</summary>
    public const string ApiPath = "/forge/api";

    /// <summary>Both token switches on, in both manifest forms.</summary>
    public static JsonObject BothTokens() => new() { ["appSystemToken"] = true, ["appUserToken"] = new JsonObject { ["enabled"] = true } };

    /// <summary>Two endpoints (events, api) and a trigger on created issues aimed at the events endpoint.</summary>
    public static JsonObject Modules(JsonObject? auth = null, params string[] lifecycleEvents) => new()
    {
        ["endpoint"] = new JsonArray(
            new JsonObject { ["key"] = "remote-events", ["route"] = new JsonObject { ["path"] = EventsPath }, ["auth"] = auth ?? BothTokens() },
            new JsonObject { ["key"] = "remote-api", ["route"] = new JsonObject { ["path"] = ApiPath }, ["auth"] = BothTokens() }),
        ["trigger"] = new JsonArray([
            new JsonObject { ["key"] = "on-created", ["endpoint"] = "remote-events", ["events"] = new JsonArray("avi:jira:created:issue") },
            .. lifecycleEvents.Length == 0 ? Array.Empty<JsonNode>() :
            [new JsonObject { ["key"] = "on-lifecycle", ["endpoint"] = "remote-events", ["events"] = new JsonArray([.. lifecycleEvents.Select(e => (JsonNode)e)]) }],
        ]),
    };

    /// <summary>Verifies a FIT as a remote does; fails the test when it does not verify. Returns its claims.</summary>
    public static async Task<(JsonObject Claims, JsonWebToken Token)> VerifyFitAsync(ServiceHost host, ReceivedRequest request, string appId)
    {
        var authorization = request.Headers.GetValueOrDefault("Authorization") ?? "";
        authorization.ShouldStartWith("Bearer ");
        var token = await ValidateAsync(host, authorization["Bearer ".Length..], "forge/invocation-token", appId);
        token.Typ.ShouldBe("JWT");
        return (ClaimsOf(token), token);
    }

    /// <summary>Checks an app token's signature and type against the JWKS, as an outside verifier would.</summary>
    public static async Task<JsonObject> VerifyAppTokenAsync(ServiceHost host, string token, string tenantBaseUrl)
    {
        var verified = await ValidateAsync(host, token, "dynamic-modules/app-token", tenantBaseUrl);
        verified.Typ.ShouldBe("at+jwt");
        return ClaimsOf(verified);
    }

    /// <summary>A client calling the app-facing API under the tenant base URL with <paramref name="token"/> as Bearer.</summary>
    public static HttpClient AppTokenClient(ServiceHost host, string tenantBaseUrl, string token)
    {
        var client = new HttpClient(new DocumentedResponses(host.BaseUrl)) { BaseAddress = new Uri(tenantBaseUrl.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonWebToken> ValidateAsync(ServiceHost host, string token, string issuer, string audience)
    {
        var jwks = new JsonWebKeySet(await host.Anonymous.GetStringAsync(".well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // The service runs on the test's fake clock, a little ahead of the machine's.
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private static JsonObject ClaimsOf(JsonWebToken token) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.EncodedPayload)))!.AsObject();
}

using System.Text.Json;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Forge;

/// <summary>
/// Verifies a Forge Invocation Token (FIT, DESIGN §4.5) the way a Forge remote must: RS256 only, signed by the key the
/// header's <c>kid</c> names in the service's JWKS, <c>iss</c> = <see cref="Issuer"/>, <c>aud</c> = the app id, within
/// <c>exp</c>/<c>nbf</c>/<c>iat</c> (with <see cref="ClockLeeway"/>), and an <c>app</c> claim naming the same app.
/// </summary>
/// <param name="timeProvider">The clock for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</param>
public sealed class ForgeInvocationTokenValidator(TimeProvider timeProvider)
{
    /// <summary>The <c>iss</c> of every FIT, as Forge sets it.</summary>
    public const string Issuer = "forge/invocation-token";

    /// <summary>Clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(30);

    /// <summary>Validates <paramref name="token"/> (the <c>Authorization: Bearer</c> value) for app <paramref name="appId"/>. Never throws on bad input.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="keys">The service's JWKS (<c>/.well-known/jwks.json</c>).</param>
    /// <param name="appId">The app's id as in its manifest (<c>ari:cloud:ecosystem::app/…</c>).</param>
    public ForgeInvocationTokenValidationResult Validate(string? token, JsonWebKeySet keys, string appId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        if (!JwsToken.TryParse(token, out var jws, out var parseFailure))
        {
            return ForgeInvocationTokenValidationResult.Fail(parseFailure);
        }

        // Pinned: "none", HS256 (signed with the public key as an HMAC secret, the key-confusion classic) and any spelling
        // variant are refused before a key is looked at.
        if (jws.Algorithm != "RS256")
        {
            return ForgeInvocationTokenValidationResult.Fail($"alg {JwtClaims.ForLog(jws.Algorithm)} is not RS256");
        }

        if (string.IsNullOrEmpty(jws.KeyId))
        {
            return ForgeInvocationTokenValidationResult.Fail("header kid is missing");
        }

        if (!keys.TryGetRsaKey(jws.KeyId, out var key))
        {
            return ForgeInvocationTokenValidationResult.Fail($"kid {JwtClaims.ForLog(jws.KeyId)} is not in the key set", unknownKey: true);
        }

        using (key)
        {
            if (!jws.VerifyRs256(key))
            {
                return ForgeInvocationTokenValidationResult.Fail("signature does not verify");
            }
        }

        var claims = jws.Claims;
        if (!JwtClaims.TryGetString(claims, "iss", out var issuer) || issuer != Issuer)
        {
            return ForgeInvocationTokenValidationResult.Fail($"iss is not {Issuer}");
        }

        if (!claims.TryGetProperty("aud", out var aud) || !JwtClaims.AudienceNames(aud, appId))
        {
            return ForgeInvocationTokenValidationResult.Fail("aud does not name this app");
        }

        var timeFailure = JwtClaims.CheckTimes(claims, timeProvider.GetUtcNow(), ClockLeeway);
        if (timeFailure is not null)
        {
            return ForgeInvocationTokenValidationResult.Fail(timeFailure);
        }

        if (!claims.TryGetProperty("app", out var app) || app.ValueKind != JsonValueKind.Object)
        {
            return ForgeInvocationTokenValidationResult.Fail("app is missing or not an object");
        }

        if (!JwtClaims.TryGetString(app, "id", out var id) || id != appId)
        {
            return ForgeInvocationTokenValidationResult.Fail("app.id does not name this app");
        }

        if (!JwtClaims.TryGetString(app, "installationId", out var installationId) || installationId.Length == 0)
        {
            return ForgeInvocationTokenValidationResult.Fail("app.installationId is missing");
        }

        if (!JwtClaims.TryGetString(app, "apiBaseUrl", out var apiBaseUrl)
            || !Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out var apiBase)
            || apiBase.Scheme is not ("https" or "http"))
        {
            return ForgeInvocationTokenValidationResult.Fail("app.apiBaseUrl is missing or not an http(s) URL");
        }

        string? principal = null;
        if (claims.TryGetProperty("principal", out var principalClaim) && principalClaim.ValueKind != JsonValueKind.Null)
        {
            if (principalClaim.ValueKind != JsonValueKind.String || principalClaim.GetString() is not { Length: > 0 } accountId)
            {
                return ForgeInvocationTokenValidationResult.Fail("principal is not a non-empty string");
            }

            principal = accountId;
        }

        JwtClaims.TryGetSeconds(claims, "exp", out var exp);
        var environment = Member(app, "environment");
        var module = Member(app, "module");
        return ForgeInvocationTokenValidationResult.Success(new ForgeInvocationToken(
            id,
            installationId,
            apiBaseUrl,
            OptionalString(app, "appVersion"),
            environment is { } env ? OptionalString(env, "type") : null,
            module is { } m ? OptionalString(m, "type") : null,
            module is { } k ? OptionalString(k, "key") : null,
            principal,
            OptionalString(claims, "jti"),
            DateTimeOffset.FromUnixTimeMilliseconds((long)(exp * 1000)),
            claims.TryGetProperty("context", out var context) ? context : default,
            claims));
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? OptionalString(JsonElement element, string name) =>
        JwtClaims.TryGetString(element, name, out var value) ? value : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// App system and app user tokens: short-lived RS256 JWTs (<c>typ</c> <c>at+jwt</c>, RFC 9068) bound to one installation
/// (tenant clientKey, app key and installation id) and to the tenant's base URL as <c>aud</c>. The service hands them to
/// remotes in <c>x-forge-oauth-system</c> / <c>x-forge-oauth-user</c>; remotes call the app-facing API with them as
/// <c>Authorization: Bearer</c>. A user token names the acting user, which makes the call asUser.
/// </summary>
public sealed class ForgeAppTokens(ForgeSigningKeys keys, IOptions<ForgeRemoteOptions> options, TimeProvider time)
{
    /// <summary>The <c>iss</c> of app tokens.</summary>
    public const string Issuer = "dynamic-modules/app-token";

    /// <summary>The <c>typ</c> header of app tokens; a FIT (<c>JWT</c>) is not an app token.</summary>
    public const string Type = "at+jwt";

    /// <summary>The clock skew allowed on <c>exp</c> and <c>nbf</c>, as for Connect JWTs.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);

    private const string SystemUse = "system";
    private const string UserUse = "user";

    /// <summary>An app system token (<paramref name="accountId"/> null) or an app user token for <paramref name="invocation"/>.</summary>
    public async Task<string> MintAsync(ForgeInvocation invocation, string? accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var key = await keys.CurrentAsync(cancellationToken);
        var now = time.GetUtcNow();
        var installationId = ForgeIds.InstallationId(invocation.ClientKey, invocation.AppKey);
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = invocation.ApiBaseUrl,
            ["sub"] = accountId ?? installationId,
            ["client_id"] = invocation.AppId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + options.Value.AppTokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["token_use"] = accountId is null ? SystemUse : UserUse,
            ["clientKey"] = invocation.ClientKey,
            ["appKey"] = invocation.AppKey,
            ["installationId"] = installationId,
        };
        return JwtSigner.SignRs256(claims, key.Rsa, key.KeyId, Type);
    }

    /// <summary>
    /// Checks <paramref name="token"/> for a call to the tenant <paramref name="clientKey"/> under <paramref name="apiBaseUrl"/>:
    /// RS256 by a published key, <c>typ</c> <c>at+jwt</c>, issuer, audience, lifetime (with <see cref="Leeway"/>) and the
    /// installation binding. The caller still checks that the named installation exists and is enabled.
    /// </summary>
    public async Task<AppTokenCheck> ValidateAsync(string token, string clientKey, string apiBaseUrl, CancellationToken cancellationToken)
    {
        if (!JwsToken.TryParse(token, out var jws, out var failure))
        {
            return AppTokenCheck.Refused(failure);
        }

        if (jws.Algorithm != "RS256" || jws.KeyId is null)
        {
            return AppTokenCheck.Refused("not RS256 with a kid");
        }

        if (!jws.Header.TryGetProperty("typ", out var typ) || typ.GetString() != Type)
        {
            return AppTokenCheck.Refused("typ is not at+jwt");
        }

        var key = await keys.FindAsync(jws.KeyId, cancellationToken);
        if (key is null || !jws.VerifyRs256(key.Rsa))
        {
            return AppTokenCheck.Refused(key is null ? "unknown kid" : "bad signature");
        }

        var claims = jws.Claims;
        if (Text(claims, "iss") != Issuer)
        {
            return AppTokenCheck.Refused("wrong issuer");
        }

        if (Text(claims, "aud") != apiBaseUrl || Text(claims, "clientKey") != clientKey)
        {
            return AppTokenCheck.Refused("issued for another tenant");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var leeway = (long)Leeway.TotalSeconds;
        if (Seconds(claims, "exp") is not { } exp || exp + leeway <= now)
        {
            return AppTokenCheck.Refused("expired");
        }

        if (Seconds(claims, "nbf") is not { } nbf || nbf - leeway > now)
        {
            return AppTokenCheck.Refused("not valid yet");
        }

        if (Text(claims, "appKey") is not { } appKey || Text(claims, "installationId") is not { } installationId
            || installationId != ForgeIds.InstallationId(clientKey, appKey))
        {
            return AppTokenCheck.Refused("not bound to an installation of this tenant");
        }

        return Text(claims, "token_use") switch
        {
            SystemUse => new AppTokenCheck(appKey, installationId, null, null),
            UserUse when Text(claims, "sub") is { Length: > 0 } accountId => new AppTokenCheck(appKey, installationId, accountId, null),
            _ => AppTokenCheck.Refused("unknown token_use"),
        };
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;
}

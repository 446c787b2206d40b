using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// Mints Forge Invocation Tokens (FITs): RS256 with a <c>kid</c> from the JWKS, issued as <c>forge/invocation-token</c>,
/// <c>aud</c> = the app id, valid for <see cref="ForgeRemoteOptions.InvocationTokenLifetime"/>, with the claims of
/// Atlassian's Forge Remote contract (<c>app</c>, <c>context</c>, <c>principal</c>).
/// </summary>
public sealed class ForgeInvocationTokens(ForgeSigningKeys keys, IOptions<ForgeRemoteOptions> options, TimeProvider time)
{
    /// <summary>The <c>iss</c> of every FIT, as Forge sets it.</summary>
    public const string Issuer = "forge/invocation-token";

    /// <summary>The <c>typ</c> header of a FIT.</summary>
    public const string Type = "JWT";

    /// <summary>A FIT for <paramref name="invocation"/>.</summary>
    public async Task<string> MintAsync(ForgeInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var settings = options.Value;
        var key = await keys.CurrentAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = invocation.AppId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + settings.InvocationTokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["app"] = new JsonObject
            {
                ["id"] = invocation.AppId,
                ["appVersion"] = invocation.AppVersion,
                ["installationId"] = ForgeIds.InstallationId(invocation.ClientKey, invocation.AppKey),
                ["apiBaseUrl"] = invocation.ApiBaseUrl,
                ["environment"] = new JsonObject
                {
                    ["type"] = settings.EnvironmentType,
                    ["id"] = ForgeIds.EnvironmentId(invocation.AppId, settings.EnvironmentType),
                },
                ["module"] = new JsonObject { ["type"] = invocation.ModuleType, ["key"] = invocation.ModuleKey },
            },
            ["context"] = new JsonObject
            {
                ["cloudId"] = invocation.ClientKey,
                ["moduleKey"] = invocation.ModuleKey,
                ["siteUrl"] = invocation.ApiBaseUrl,
            },
        };
        if (invocation.AccountId is { } accountId)
        {
            claims["principal"] = accountId;
        }

        return JwtSigner.SignRs256(claims, key.Rsa, key.KeyId, Type);
    }
}

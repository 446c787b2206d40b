using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Auth;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Auth;

/// <summary>
/// Short-lived tokens that give one tenant's admins the admin page for that tenant only. They are HS256
/// JWS signed with a key derived from the operator key, so rotating the operator key revokes them all.
/// </summary>
public sealed class AdminSessionTokens(Hosting.DataDirectory dataDirectory, TimeProvider time)
{
    private const string Audience = "dynamic-modules-admin";

    private byte[] Key => HMACSHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory.OperatorKey), "admin-link-v1"u8);

    /// <summary>Mints a token for <paramref name="tenantKey"/> valid for <paramref name="lifetime"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Mint(string tenantKey, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var claims = new JsonObject
        {
            ["aud"] = Audience,
            ["tenant"] = tenantKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        var body = Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.Encode(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(body)));
        return ($"dma.{body}.{signature}", expires);
    }

    /// <summary>Checks signature, audience and expiry; yields the tenant the token is for.</summary>
    public bool TryValidate(string token, out string tenantKey)
    {
        tenantKey = string.Empty;
        var parts = token.Split('.');
        if (token.Length > 2048 || parts.Length != 3 || parts[0] != "dma")
        {
            return false;
        }

        if (!Base64Url.TryDecode(parts[2], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(parts[1]))))
        {
            return false;
        }

        if (!Base64Url.TryDecode(parts[1], out var body))
        {
            return false;
        }

        try
        {
            var claims = JsonNode.Parse(body) as JsonObject;
            if (claims?["aud"]?.GetValue<string>() != Audience
                || claims["tenant"]?.GetValue<string>() is not { } tenant || !TenantKeys.IsValid(tenant)
                || claims["exp"]?.GetValue<long>() is not { } exp || exp < time.GetUtcNow().ToUnixTimeSeconds())
            {
                return false;
            }

            tenantKey = tenant;
            return true;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Jose;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.DataProtection;

namespace DynamicModules.Server.Auth;

/// <summary>
/// Short-lived tokens that give one tenant's admins the admin page for that tenant only. The tenant key is
/// protected by ASP.NET Core Data Protection's time-limited protector, whose key ring lives in the database
/// sealed with the secret keys (see <c>Secrets/</c>), so every node accepts what any node minted. The token
/// reads <c>dma.{hint}.{protected}</c>: the hint is <c>{"tenant":…}</c> in base64url for the admin page to
/// show which tenant it is signed in to; the server trusts only the protected part and refuses a hint
/// that does not match it.
/// </summary>
public sealed class AdminSessionTokens(IDataProtectionProvider dataProtection, TimeProvider time)
{
    // Versioned purpose: changing the payload format means a new purpose, so old tokens simply stop working.
    private const string Purpose = "DynamicModules.AdminSession.v1";
    private const int MaxTokenLength = 2048;
    private const string Prefix = "dma.";

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>Mints a token for <paramref name="tenantKey"/> valid for <paramref name="lifetime"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Mint(string tenantKey, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow() + lifetime;
        return ($"{Prefix}{Hint(tenantKey)}.{_protector.Protect(tenantKey, expires)}", expires);
    }

    /// <summary>Checks integrity and expiry; yields the tenant the token is for.</summary>
    public bool TryValidate(string token, out string tenantKey)
    {
        tenantKey = string.Empty;
        var parts = token.Split('.');
        if (token.Length > MaxTokenLength || parts.Length != 3 || parts[0] + "." != Prefix || !IsBase64Url(parts[2]))
        {
            return false;
        }

        string tenant;
        DateTimeOffset expires;
        try
        {
            // Data Protection refuses payloads past their expiry by the system clock; the check below
            // applies the service's clock as well, which is the one tests drive.
            tenant = _protector.Unprotect(parts[2], out expires);
        }
        catch (CryptographicException)
        {
            return false;
        }

        if (expires < time.GetUtcNow() || !TenantKeys.IsValid(tenant) || parts[1] != Hint(tenant))
        {
            return false;
        }

        tenantKey = tenant;
        return true;
    }

    private static string Hint(string tenantKey) =>
        Base64Url.Encode(Encoding.UTF8.GetBytes(new JsonObject { ["tenant"] = tenantKey }.ToJsonString()));

    private static bool IsBase64Url(string token) =>
        token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

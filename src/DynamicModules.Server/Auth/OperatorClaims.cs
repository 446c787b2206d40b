using System.Security.Claims;

namespace DynamicModules.Server.Auth;

/// <summary>
/// What an operator-API caller may see: all tenants (operator key) or one tenant (an admin link minted
/// for that tenant's admins).
/// </summary>
public static class OperatorClaims
{
    /// <summary>The claim holding the tenant scope.</summary>
    public const string TenantScope = "dm:tenant-scope";

    /// <summary>The scope value of the operator key.</summary>
    public const string AllTenants = "*";

    /// <summary>True when the caller may act on <paramref name="tenantKey"/>.</summary>
    public static bool CanAccess(this ClaimsPrincipal user, string tenantKey)
    {
        var scope = user.FindFirst(TenantScope)?.Value;
        return scope == AllTenants || string.Equals(scope, tenantKey, StringComparison.Ordinal);
    }

    /// <summary>True for the operator key (every tenant, service-wide actions).</summary>
    public static bool IsOperator(this ClaimsPrincipal user) => user.FindFirst(TenantScope)?.Value == AllTenants;

    /// <summary>The tenant an admin link is limited to, or null for the operator.</summary>
    public static string? ScopedTenant(this ClaimsPrincipal user) =>
        user.FindFirst(TenantScope)?.Value is { } scope && scope != AllTenants ? scope : null;
}

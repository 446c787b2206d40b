using System.Security.Claims;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Auth;

/// <summary>The one way operator endpoints load a tenant: only when the caller's scope covers it.</summary>
public static class TenantAccess
{
    /// <summary>
    /// The tenant, or null when it does not exist or the caller (an admin link for another tenant) may not
    /// see it; endpoints answer 404 for both, so a scoped caller cannot learn which tenants exist.
    /// </summary>
    public static async Task<Tenant?> FindVisibleAsync(this TenantStore tenants, ClaimsPrincipal user, string tenant, CancellationToken cancellationToken) =>
        user.CanAccess(tenant) ? await tenants.FindAsync(tenant, cancellationToken) : null;
}

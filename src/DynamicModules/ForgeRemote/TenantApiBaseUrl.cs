using DynamicModules.Tenants;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// The base URL apps are given for a tenant (FITs carry it as <c>app.apiBaseUrl</c>, app tokens are bound to it). Only
/// the host knows the service's public URL, so it supplies the rule.
/// </summary>
/// <param name="baseUrlOf">The host's rule.</param>
public sealed class TenantApiBaseUrl(Func<Tenant, string> baseUrlOf)
{
    /// <summary>The base URL of <paramref name="tenant"/>, without a trailing slash.</summary>
    public string Of(Tenant tenant) => baseUrlOf(tenant).TrimEnd('/');
}

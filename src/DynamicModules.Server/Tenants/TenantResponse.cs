using DynamicModules.Tenants;

namespace DynamicModules.Server.Tenants;

/// <summary>A tenant as the operator API shows it.</summary>
public sealed record TenantResponse(
    string Key,
    string ClientKey,
    string BaseUrl,
    string ProductType,
    string DisplayName,
    TenantLimitsResponse Limits,
    string RegistrationPolicy,
    bool AllowAsApp,
    long ModuleVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Maps a tenant, building its base URL from the service's public URL.</summary>
    public static TenantResponse From(Tenant tenant, PublicUrl publicUrl) => new(
        tenant.Key, tenant.ClientKey, publicUrl.TenantBaseUrl(tenant), tenant.ProductType, tenant.DisplayName,
        new TenantLimitsResponse(tenant.PerAppLimit, tenant.TenantLimit), tenant.RegistrationPolicy, tenant.AllowAsApp,
        tenant.ModuleVersion, tenant.CreatedAt, tenant.UpdatedAt);
}

/// <summary>Dynamic module limits: per app installation, and the optional tenant-wide cap (null = off).</summary>
public sealed record TenantLimitsResponse(int PerApp, int? TenantTotal);

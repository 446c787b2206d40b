namespace DynamicModules.Tenants;

/// <summary>The dynamic module limits in force for one installation.</summary>
/// <param name="PerApp">The installation's own limit, else the tenant's per-app default.</param>
/// <param name="TenantTotal">The tenant-wide cap, or null when off.</param>
public sealed record ModuleLimits(long PerApp, long? TenantTotal);

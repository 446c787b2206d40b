using DynamicModules.Tenants;

namespace DynamicModules.Modules.Store;

/// <summary>What a registration's quota check reads inside its write (<see cref="DynamicModuleStore.QuotaCheckAsync"/>).</summary>
/// <param name="Limits">The module limits in force for the installation.</param>
/// <param name="Used">How many modules the installation has.</param>
/// <param name="TenantUsed">How many modules all installations of the tenant have; null when the tenant has no tenant-wide cap (not counted).</param>
public sealed record ModuleQuotaCheck(ModuleLimits Limits, long Used, long? TenantUsed);

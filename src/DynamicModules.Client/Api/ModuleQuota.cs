namespace DynamicModules.Client.Api;

/// <summary>The calling installation's dynamic module quota.</summary>
/// <param name="Limit">Modules the installation may have.</param>
/// <param name="Used">Modules it has.</param>
/// <param name="Available">Modules it may still register, the tenant-wide cap included.</param>
/// <param name="TenantLimit">The tenant-wide cap; null when off.</param>
/// <param name="TenantUsed">Modules all apps of the tenant have.</param>
public sealed record ModuleQuota(int Limit, long Used, long Available, int? TenantLimit, long TenantUsed);

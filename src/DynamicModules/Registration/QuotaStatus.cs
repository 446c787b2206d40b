namespace DynamicModules.Registration;

/// <summary>
/// An installation's dynamic module quota: its limit, how many it uses and how many are free, plus the
/// tenant-wide cap (null when off) and usage across all apps.
/// </summary>
public sealed record QuotaStatus(int Limit, long Used, long Available, int? TenantLimit, long TenantUsed);

namespace DynamicModules.Dashboard;

/// <summary>Dynamic modules an installation holds against its limit.</summary>
/// <param name="Tenant">The tenant key.</param>
/// <param name="AppKey">The app.</param>
/// <param name="State">enabled, disabled or uninstalled.</param>
/// <param name="Used">Dynamic modules held.</param>
/// <param name="Limit">The limit in force (its own, else the tenant's per-app default).</param>
public sealed record QuotaUse(string Tenant, string AppKey, string State, long Used, long Limit);

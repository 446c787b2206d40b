namespace DynamicModules.Tenants;

/// <summary>What an operator sets on a tenant; null members keep the current (or default) value.</summary>
public sealed record TenantSettings(
    string ProductType,
    string DisplayName,
    int? PerAppLimit,
    int? TenantLimit,
    bool ClearTenantLimit,
    string? RegistrationPolicy,
    bool? AllowAsApp);

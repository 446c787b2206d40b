using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Tenants;

/// <summary>Body of <c>PUT /api/v1/tenants/{tenant}</c>.</summary>
/// <param name="ProductType">The product: <c>jira</c>, <c>confluence</c>, or another key of a-z, 0-9 and '-'.</param>
/// <param name="DisplayName">Shown to people, 1-200 characters.</param>
public sealed partial record TenantRequest(string? ProductType, string? DisplayName) : IJsonRequest<TenantRequest>
{
    /// <summary>Largest per-app or tenant-wide limit accepted.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Dynamic module limits; members left out keep their value.</summary>
    public TenantLimitsRequest? Limits { get; init; }

    /// <summary><c>any</c> (the app decides) or <c>product-admin</c>; left out keeps the current policy.</summary>
    public string? RegistrationPolicy { get; init; }

    /// <summary>Whether calls without a user (asApp) may register under the <c>product-admin</c> policy.</summary>
    public bool? AllowAsApp { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<TenantRequest> JsonType => TenantsJson.Default.TenantRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (ProductType is null)
        {
            yield return new("productType", "productType is required.");
        }
        else if (!ProductTypePattern().IsMatch(ProductType))
        {
            yield return new("productType", "productType must be 1-32 characters of a-z, 0-9 and '-', e.g. 'jira' or 'confluence'.");
        }

        if (DisplayName is null)
        {
            yield return new("displayName", "displayName is required.");
        }
        else if (DisplayName.Trim().Length == 0 || DisplayName.Length > 200)
        {
            yield return new("displayName", "displayName must be 1-200 characters.");
        }

        if (Limits?.PerApp is < 0 or > MaxLimit)
        {
            yield return new("limits.perApp", $"limits.perApp must be an integer from 0 to {MaxLimit}.");
        }

        if (Limits?.TenantTotal is < 0 or > MaxLimit)
        {
            yield return new("limits.tenantTotal", $"limits.tenantTotal must be an integer from 0 to {MaxLimit}, or null for no tenant-wide cap.");
        }

        if (RegistrationPolicy is not null && !RegistrationPolicies.IsKnown(RegistrationPolicy))
        {
            yield return new("registrationPolicy", $"registrationPolicy must be '{RegistrationPolicies.Any}' or '{RegistrationPolicies.ProductAdmin}'.");
        }
    }

    /// <summary>The settings to save; call only when <see cref="Validate"/> found nothing.</summary>
    public TenantSettings ToSettings() => new(
        ProductType!, DisplayName!.Trim(), Limits?.PerApp, Limits?.TenantTotal,
        ClearTenantLimit: Limits is { TenantTotalGiven: true, TenantTotal: null }, RegistrationPolicy, AllowAsApp);

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductTypePattern();
}

/// <summary>The <c>limits</c> member of <see cref="TenantRequest"/>.</summary>
public sealed record TenantLimitsRequest
{
    private int? tenantTotal;

    /// <summary>Dynamic modules each app may register, unless the app has its own limit.</summary>
    public int? PerApp { get; init; }

    /// <summary>Dynamic modules all apps of the tenant may register together; <c>null</c> removes the cap.</summary>
    /// <remarks>
    /// A setter, not <c>init</c>: the source-generated deserializer passes every init-only member to the object
    /// initializer, absent ones as default, so an <c>init</c> accessor would run (and mark the member given) every time.
    /// </remarks>
    public int? TenantTotal
    {
        get => tenantTotal;
        set
        {
            tenantTotal = value;
            TenantTotalGiven = true;
        }
    }

    /// <summary>True when the body named <c>tenantTotal</c> (an explicit <c>null</c> clears the cap; leaving it out keeps it).</summary>
    [JsonIgnore]
    public bool TenantTotalGiven { get; private set; }
}

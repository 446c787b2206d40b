using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Tenants;

/// <summary>Reads and validates the body of <c>PUT /api/v1/tenants/{tenant}</c>, reporting every problem with its path.</summary>
public static partial class TenantRequestReader
{
    /// <summary>Largest per-app or tenant-wide limit accepted.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>The settings, or the errors keyed by JSON path.</summary>
    public static (TenantSettings? Settings, List<(string Path, string Message)> Errors) Read(JsonObject body)
    {
        var errors = new List<(string, string)>();
        var productType = JsonRead.ReadString(body, "productType", "productType", errors, required: true);
        if (productType is not null && !ProductTypePattern().IsMatch(productType))
        {
            errors.Add(("productType", "productType must be 1-32 characters of a-z, 0-9 and '-', e.g. 'jira' or 'confluence'."));
        }

        var displayName = JsonRead.ReadString(body, "displayName", "displayName", errors, required: true);
        if (displayName is not null && (displayName.Trim().Length == 0 || displayName.Length > 200))
        {
            errors.Add(("displayName", "displayName must be 1-200 characters."));
        }

        int? perApp = null;
        int? tenantTotal = null;
        var clearTenantTotal = false;
        if (body["limits"] is { } limitsNode)
        {
            if (limitsNode is not JsonObject limits)
            {
                errors.Add(("limits", "limits must be an object {perApp, tenantTotal}."));
            }
            else
            {
                perApp = JsonRead.ReadInt(limits, "perApp", "limits.perApp", 0, MaxLimit, errors);
                if (limits.ContainsKey("tenantTotal") && limits["tenantTotal"] is null)
                {
                    clearTenantTotal = true;
                }
                else
                {
                    tenantTotal = JsonRead.ReadInt(limits, "tenantTotal", "limits.tenantTotal", 0, MaxLimit, errors);
                }
            }
        }

        var policy = JsonRead.ReadString(body, "registrationPolicy", "registrationPolicy", errors, required: false);
        if (policy is not null && !RegistrationPolicies.IsKnown(policy))
        {
            errors.Add(("registrationPolicy", $"registrationPolicy must be '{RegistrationPolicies.Any}' or '{RegistrationPolicies.ProductAdmin}'."));
        }

        var allowAsApp = JsonRead.ReadBool(body, "allowAsApp", "allowAsApp", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new TenantSettings(productType!, displayName!.Trim(), perApp, tenantTotal, clearTenantTotal, policy, allowAsApp), errors);
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductTypePattern();
}

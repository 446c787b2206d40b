using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tenants;

namespace DynamicModules.Server.Installations;

/// <summary>Body of <c>PUT /api/v1/tenants/{tenant}/apps/{appKey}/quota</c>.</summary>
public sealed record QuotaRequest : IJsonRequest<QuotaRequest>
{
    private int? limit;

    /// <summary>Dynamic modules the app may register, from 0 to 100000; <c>null</c> falls back to the tenant's per-app default.</summary>
    /// <remarks>
    /// A setter, not <c>init</c>: the source-generated deserializer passes every init-only member to the object
    /// initializer, absent ones as default, so an <c>init</c> accessor would run (and mark the member given) every time.
    /// </remarks>
    public int? Limit
    {
        get => limit;
        set
        {
            limit = value;
            LimitGiven = true;
        }
    }

    /// <summary>True when the body named <c>limit</c>: it is required, and an explicit <c>null</c> is a value.</summary>
    [JsonIgnore]
    public bool LimitGiven { get; private set; }

    /// <inheritdoc />
    public static JsonTypeInfo<QuotaRequest> JsonType => InstallationsJson.Default.QuotaRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (!LimitGiven)
        {
            yield return new("limit", $"limit is required: an integer from 0 to {TenantRequest.MaxLimit}, or null for the tenant default.");
        }
        else if (Limit is < 0 or > TenantRequest.MaxLimit)
        {
            yield return new("limit", $"limit must be an integer from 0 to {TenantRequest.MaxLimit}.");
        }
    }
}

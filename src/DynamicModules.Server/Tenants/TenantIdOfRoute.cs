using System.Reflection;
using DynamicModules.Server.Auth;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Tenants;

/// <summary>
/// The <c>{tenant}</c> of an operator route as its internal id only (<see cref="TenantIds"/>: no database read once the key is
/// known), for the hot path that needs nothing else of the tenant: publishing, whose statement checks the tenant row itself.
/// Like <see cref="VisibleTenant"/>, a tenant that does not exist and one the caller may not see both answer 404 before the
/// endpoint runs.
/// </summary>
public sealed class TenantIdOfRoute : IBindableFromHttpContext<TenantIdOfRoute>, IEndpointParameterMetadataProvider
{
    private readonly long? found;

    private TenantIdOfRoute(string key, long? found)
    {
        Key = key;
        this.found = found;
    }

    /// <summary>The tenant key from the route.</summary>
    public string Key { get; }

    /// <summary>The tenant's id; the 404 filter guarantees it inside an endpoint.</summary>
    public long Id => found ?? throw new InvalidOperationException($"Tenant '{Key}' was used without the filter that answers 404.");

    /// <inheritdoc />
    public static async ValueTask<TenantIdOfRoute?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.GetRouteValue("tenant") as string ?? string.Empty;
        var id = TenantKeys.IsValid(key) && context.User.CanAccess(key)
            ? await context.RequestServices.GetRequiredService<TenantIds>().FindAsync(key, context.RequestAborted)
            : null;
        return new TenantIdOfRoute(key, id);
    }

    /// <inheritdoc />
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        VisibleTenant.AnswerNotFound(builder, (TenantIdOfRoute tenant) => tenant.found is null ? tenant.Key : null);
}

using System.Reflection;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace DynamicModules.Server.Tenants;

/// <summary>
/// The <c>{tenant}</c> of an operator route, loaded once for the endpoint: a tenant that does not exist and one the
/// caller may not see (an admin link for another tenant) both answer 404 before the endpoint runs, so a scoped
/// caller cannot learn which tenants exist.
/// </summary>
public sealed class VisibleTenant : IBindableFromHttpContext<VisibleTenant>, IEndpointParameterMetadataProvider
{
    private readonly Tenant? found;

    private VisibleTenant(string key, Tenant? found)
    {
        Key = key;
        this.found = found;
    }

    /// <summary>The tenant key from the route.</summary>
    public string Key { get; }

    /// <summary>The tenant; the 404 filter guarantees it inside an endpoint.</summary>
    public Tenant Tenant => found ?? throw new InvalidOperationException($"Tenant '{Key}' was used without the filter that answers 404.");

    /// <inheritdoc />
    public static async ValueTask<VisibleTenant?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.GetRouteValue("tenant") as string ?? string.Empty;
        var tenant = TenantKeys.IsValid(key) && context.User.CanAccess(key)
            ? await context.RequestServices.GetRequiredService<TenantStore>().FindAsync(key, context.RequestAborted)
            : null;
        return new VisibleTenant(key, tenant);
    }

    /// <inheritdoc />
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        AnswerNotFound(builder, (VisibleTenant tenant) => tenant.found is null ? tenant.Key : null);

    /// <summary>
    /// Declares the 404 and adds the filter that answers it before the endpoint runs, for every argument of type
    /// <typeparamref name="TTenant"/> whose <paramref name="missingKey"/> is not null.
    /// </summary>
    internal static void AnswerNotFound<TTenant>(EndpointBuilder builder, Func<TTenant, string?> missingKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
        builder.FilterFactories.Add((_, next) => context =>
            context.Arguments.OfType<TTenant>().Select(missingKey).FirstOrDefault(key => key is not null) is { } missing
                ? ValueTask.FromResult<object?>(Problems.NotFound($"No tenant '{missing}'."))
                : next(context));
    }
}

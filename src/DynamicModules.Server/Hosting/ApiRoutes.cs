using DynamicModules.Server.Auth;

namespace DynamicModules.Server.Hosting;

/// <summary>
/// The route groups every feature maps into, declared once: the public root, the operator API (<c>/api/v1</c>), one
/// tenant of the operator API (<c>/api/v1/tenants/{tenant}</c>) and an app's tenant base URL (<c>/t/{tenant}</c>).
/// </summary>
/// <param name="Public">Unauthenticated routes at the root.</param>
/// <param name="Operator">Operator API routes that are not about one tenant (operator key or admin link).</param>
/// <param name="Tenant">Operator API routes of one tenant; the tenant must exist and be visible to the caller.</param>
/// <param name="App">App-facing routes under a tenant's base URL, authenticated as an installed app.</param>
public sealed record ApiRoutes(IEndpointRouteBuilder Public, RouteGroupBuilder Operator, RouteGroupBuilder Tenant, RouteGroupBuilder App)
{
    /// <summary>Operator API prefix.</summary>
    public const string OperatorPrefix = "/api/v1";

    /// <summary>Creates the groups with their authorization.</summary>
    public static ApiRoutes Create(IEndpointRouteBuilder routes)
    {
        var operatorApi = routes.MapGroup(OperatorPrefix).RequireAuthorization(OperatorAuthenticationHandler.SchemeName);
        var tenant = operatorApi.MapGroup("/tenants/{tenant}");
        var app = routes.MapGroup("/t/{tenant}").RequireAuthorization(AppCallAuthenticationHandler.SchemeName);
        return new ApiRoutes(routes, operatorApi, tenant, app);
    }
}

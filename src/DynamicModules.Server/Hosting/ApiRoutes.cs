using DynamicModules.Server.Auth;

namespace DynamicModules.Server.Hosting;

/// <summary>
/// The route groups every feature maps into, declared once: the public root, the operator API (<c>/api/v1</c>), one
/// tenant of the operator API (<c>/api/v1/tenants/{tenant}</c>) and an app's tenant base URL, both as <c>/t/{tenant}</c>
/// and with Confluence's <c>/wiki</c> context path (<c>/t/{tenant}/wiki</c>, DESIGN §4.1).
/// </summary>
/// <param name="Public">Unauthenticated routes at the root.</param>
/// <param name="Operator">Operator API routes that are not about one tenant (operator key or admin link).</param>
/// <param name="Tenant">Operator API routes of one tenant; the tenant must exist and be visible to the caller.</param>
/// <param name="App">App-facing routes under a tenant's base URL, authenticated as an installed app.</param>
/// <param name="WikiApp">
/// The same app-facing routes under <c>/t/{tenant}/wiki</c>, for Confluence tenants only (see <see cref="WikiContextPath"/>);
/// features map every app-facing route into both through <see cref="AppBases"/>.
/// </param>
public sealed record ApiRoutes(
    IEndpointRouteBuilder Public, RouteGroupBuilder Operator, RouteGroupBuilder Tenant, RouteGroupBuilder App, RouteGroupBuilder WikiApp)
{
    /// <summary>Operator API prefix.</summary>
    public const string OperatorPrefix = "/api/v1";

    /// <summary>The app-facing groups: the tenant base URL and its <c>/wiki</c> twin. Map every app-facing route into each.</summary>
    public IReadOnlyList<RouteGroupBuilder> AppBases => [App, WikiApp];

    /// <summary>Creates the groups with their authorization.</summary>
    public static ApiRoutes Create(IEndpointRouteBuilder routes)
    {
        var operatorApi = routes.MapGroup(OperatorPrefix).RequireAuthorization(OperatorAuthenticationHandler.SchemeName);
        var tenant = operatorApi.MapGroup("/tenants/{tenant}");
        var app = routes.MapGroup("/t/{tenant}").RequireAuthorization(AppCallAuthenticationHandler.SchemeName);
        var wiki = WikiContextPath.Twin(routes.MapGroup("/t/{tenant}" + WikiContextPath.Segment))
            .RequireAuthorization(AppCallAuthenticationHandler.SchemeName);
        return new ApiRoutes(routes, operatorApi, tenant, app, wiki);
    }
}

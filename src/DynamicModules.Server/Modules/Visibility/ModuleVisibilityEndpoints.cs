using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using DynamicModules.Visibility;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Visibility;

/// <summary>Operator API: a tenant's admins override who sees a module, and where (DESIGN §4.8).</summary>
public static class ModuleVisibilityEndpoints
{
    private const string Route = "/modules/{appKey}/{moduleKey}/visibility";

    /// <summary>Maps GET, PUT and DELETE of <c>/api/v1/tenants/{tenant}/modules/{appKey}/{moduleKey}/visibility</c>.</summary>
    public static RouteGroupBuilder MapModuleVisibilityEndpoints(this RouteGroupBuilder tenant)
    {
        var group = tenant.MapGroup("").WithTags("Modules")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet(Route, ReadAsync)
            .WithName("ReadModuleVisibility")
            .WithSummary("A module's visibility override")
            .WithDescription("The operator's visibility of a static or dynamic module (override null when there is none, and the module's own visibility applies). 404 when the tenant, the app or the module is unknown.");
        group.MapPut(Route, SetAsync)
            .WithName("SetModuleVisibility")
            .WithSummary("Override who sees a module, and where")
            .WithDescription($"Body: {{roles?, users?, projects?, spaces?}}, arrays of at most {VisibilityValidator.MaxValues} strings of 1-{VisibilityValidator.MaxValueLength} characters; other members are refused. Replaces the module's own visibility in reads with a viewing context: every listed dimension must match, an absent or empty one matches all (so {{}} shows the module to everyone). One transaction with its audit record (operation module.visibility, actor operator) and a module version bump (the change feed announces it). 404 when the tenant, the app or the module (static or dynamic) is unknown.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete(Route, ClearAsync)
            .WithName("ClearModuleVisibility")
            .WithSummary("Remove a module's visibility override")
            .WithDescription("The module's own visibility applies again. Audited and announced like a change when there was an override; 204 whether or not there was one. 404 when the tenant, the app or the module is unknown.");
        return tenant;
    }

    private static async Task<Results<Ok<ModuleVisibilityResponse>, ProblemHttpResult>> ReadAsync(
        VisibleTenant tenant, string appKey, string moduleKey, VisibilityOverrides overrides, CancellationToken cancellationToken)
    {
        var (found, visibility) = await overrides.FindAsync(tenant.Tenant.Id, appKey, moduleKey, cancellationToken);
        return found
            ? TypedResults.Ok(new ModuleVisibilityResponse(appKey, moduleKey, visibility is null ? null : VisibilityRules.From(visibility)))
            : NotFound(tenant, appKey, moduleKey);
    }

    private static async Task<Results<Ok<ModuleVisibilityResponse>, ProblemHttpResult, ValidationProblem>> SetAsync(
        VisibleTenant tenant, string appKey, string moduleKey, VisibilityRequest body, VisibilityOverrides overrides, CancellationToken cancellationToken)
    {
        var visibility = body.ToVisibility();
        return await overrides.SetAsync(tenant.Tenant.Id, appKey, moduleKey, visibility, cancellationToken)
            ? TypedResults.Ok(new ModuleVisibilityResponse(appKey, moduleKey, VisibilityRules.From(visibility)))
            : NotFound(tenant, appKey, moduleKey);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearAsync(
        VisibleTenant tenant, string appKey, string moduleKey, VisibilityOverrides overrides, CancellationToken cancellationToken) =>
        await overrides.ClearAsync(tenant.Tenant.Id, appKey, moduleKey, cancellationToken) is null
            ? NotFound(tenant, appKey, moduleKey)
            : TypedResults.NoContent();

    private static ProblemHttpResult NotFound(VisibleTenant tenant, string appKey, string moduleKey) =>
        Problems.NotFound($"No module '{moduleKey}' of app '{appKey}' in tenant '{tenant.Key}'.");
}

using DynamicModules.Installations;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Admin;

/// <summary>Operator API for the admin page: dynamic module usage per app, and deleting one dynamic module.</summary>
public static class ModuleAdminEndpoints
{
    /// <summary>Maps <c>GET /api/v1/tenants/{tenant}/quotas</c> and <c>DELETE /api/v1/tenants/{tenant}/apps/{appKey}/modules/{moduleKey}</c>.</summary>
    public static RouteGroupBuilder MapModuleAdminEndpoints(this RouteGroupBuilder tenant)
    {
        var group = tenant.MapGroup("").WithTags("Apps");

        group.MapGet("/quotas", ListQuotasAsync)
            .WithName("ListTenantQuotas")
            .WithSummary("Dynamic modules used and allowed, per app and for the tenant")
            .WithDescription("Every installation (any state) with its used count, effective limit and free slots, plus the tenant-wide cap (null when off) and total.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapDelete("/apps/{appKey}/modules/{moduleKey}", DeleteModuleAsync)
            .WithName("DeleteDynamicModule")
            .WithSummary("Delete one dynamic module")
            .WithDescription("Deletes the module in one transaction with its audit record (operation module.delete, actor operator) and a module version bump. 404 when the tenant, the app or the module is unknown. Static modules cannot be deleted.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return tenant;
    }

    private static async Task<Ok<TenantQuotasResponse>> ListQuotasAsync(
        VisibleTenant tenant, InstallationStore installations, ModuleUsageStore usage, CancellationToken cancellationToken)
    {
        var found = tenant.Tenant;
        var all = await installations.ListAsync(found.Id, cancellationToken);
        var counts = await usage.CountByInstallationAsync(found.Id, cancellationToken);
        var apps = all.Select(i =>
        {
            var used = counts.GetValueOrDefault(i.Id);
            var limit = i.EffectiveLimit(found.PerAppLimit);
            return new AppQuotaResponse(i.AppKey, i.State, used, limit, i.QuotaLimit, Math.Max(0, limit - used));
        }).ToList();
        return TypedResults.Ok(new TenantQuotasResponse(found.TenantLimit, counts.Values.Sum(), found.PerAppLimit, apps));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteModuleAsync(
        VisibleTenant tenant, string appKey, string moduleKey, ModuleRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsOperatorAsync(tenant.Tenant.Id, appKey, moduleKey, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No dynamic module '{moduleKey}' of app '{appKey}' in tenant '{tenant.Key}'.");

    /// <summary>Dynamic module usage of a tenant.</summary>
    /// <param name="TenantLimit">The tenant-wide cap, or null when off.</param>
    /// <param name="TenantUsed">Dynamic modules of all installations (kept modules of uninstalled apps included).</param>
    /// <param name="PerAppDefault">The tenant's default per-app limit.</param>
    /// <param name="Apps">Each installation, by app key.</param>
    public sealed record TenantQuotasResponse(int? TenantLimit, long TenantUsed, int PerAppDefault, IReadOnlyList<AppQuotaResponse> Apps);

    /// <summary>Dynamic module usage of one installation.</summary>
    /// <param name="AppKey">The app.</param>
    /// <param name="State">enabled, disabled or uninstalled.</param>
    /// <param name="Used">Dynamic modules it holds.</param>
    /// <param name="Limit">The limit in force (its own, else the tenant default).</param>
    /// <param name="QuotaLimit">The operator-set limit, or null for the tenant default.</param>
    /// <param name="Available">Free slots under its own limit.</param>
    public sealed record AppQuotaResponse(string AppKey, string State, long Used, int Limit, int? QuotaLimit, long Available);
}

using DynamicModules.Registration;
using DynamicModules.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules;

/// <summary>Lets an app check its free slots before registering (what Connect and Forge never offered).</summary>
public static class QuotaEndpoints
{
    /// <summary>Maps <c>GET /t/{tenant}/rest/dynamic-modules/1/quota</c>.</summary>
    public static RouteGroupBuilder MapQuotaEndpoints(this RouteGroupBuilder tenantApp)
    {
        tenantApp.MapGet("/rest/dynamic-modules/1/quota", GetQuotaAsync)
            .WithName("GetAppQuota")
            .WithTags("Quota")
            .WithSummary("The calling app's dynamic module quota")
            .WithDescription("`{limit, used, available, tenantLimit, tenantUsed}`: `available` also respects the tenant-wide cap when one is set (`tenantLimit`, null when off). Both dialects' modules count against one quota.")
            .ProducesMessage(StatusCodes.Status401Unauthorized)
            .AcceptForgeAppTokens();
        return tenantApp;
    }

    private static async Task<Ok<QuotaStatus>> GetQuotaAsync(HttpContext context, ModuleRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.QuotaAsync(AppCallAuthenticationHandler.CallOf(context), cancellationToken));
}

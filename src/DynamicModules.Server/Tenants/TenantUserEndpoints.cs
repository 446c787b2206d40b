using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Tenants;

/// <summary>Operator API: the roles a tenant's users hold, which the <c>product-admin</c> registration policy reads.</summary>
public static class TenantUserEndpoints
{
    /// <summary>Longest account id accepted.</summary>
    public const int MaxAccountIdLength = 128;

    /// <summary>Maps <c>PUT /api/v1/tenants/{tenant}/users/{accountId}</c>.</summary>
    public static ApiRoutes MapTenantUserEndpoints(this ApiRoutes routes)
    {
        var users = routes.Tenant.MapGroup("/users").WithTags("Tenants")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        users.MapPut("/{accountId}", SetRolesAsync)
            .WithName("SetUserRoles")
            .WithSummary("Set a user's roles")
            .WithDescription($"Body: {{roles: [\"product-admin\", ...]}}, role names of 1-{UserRolesRequest.MaxRoleLength} characters; the list replaces the roles the user held (an empty list removes them all). The `product-admin` registration policy reads them. accountId is 1-{MaxAccountIdLength} characters.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    private static async Task<Results<Ok<UserRolesResponse>, ValidationProblem>> SetRolesAsync(
        VisibleTenant tenant, string accountId, UserRolesRequest body, TenantSetup setup, CancellationToken cancellationToken)
    {
        if (accountId.Length is 0 or > MaxAccountIdLength)
        {
            return Problems.Validation("accountId", $"accountId must be 1-{MaxAccountIdLength} characters.");
        }

        var roles = body.Distinct();
        await setup.SetRolesAsync(tenant.Tenant.Id, accountId, roles, cancellationToken);
        return TypedResults.Ok(new UserRolesResponse(accountId, roles));
    }
}

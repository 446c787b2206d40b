using System.Security.Claims;
using DynamicModules.Audit;
using DynamicModules.Configuration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Tenants;

/// <summary>Operator API: tenants and their audit log.</summary>
public static class TenantEndpoints
{
    /// <summary>Largest page of the audit log.</summary>
    public const int MaxAuditPageSize = 1000;

    /// <summary>Maps <c>/api/v1/tenants</c>, one tenant and its audit log.</summary>
    public static ApiRoutes MapTenantEndpoints(this ApiRoutes routes)
    {
        // Every operation here needs the operator key or an admin link: the authentication handler answers 401.
        var tenants = routes.Operator.MapGroup("/tenants").WithTags("Tenants")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        var tenant = routes.Tenant.MapGroup("").WithTags("Tenants")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        tenants.MapPut("/{tenant}", PutTenantAsync)
            .WithName("PutTenant")
            .WithSummary("Create or update a tenant")
            .WithDescription("Creates the tenant (201) or updates it (200). The clientKey is generated once and never changes; members left out keep their value. Operator key only (an admin link answers 403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        tenants.MapGet("", ListTenantsAsync)
            .WithName("ListTenants")
            .WithSummary("List tenants")
            .WithDescription("Every tenant the caller may see: all of them with the operator key, one with an admin link.");
        tenant.MapGet("", GetTenant)
            .WithName("GetTenant")
            .WithSummary("Get a tenant")
            .WithDescription("The tenant with its clientKey, base URL, limits, registration policy and module version.");
        tenant.MapGet("/audit", ListAuditAsync)
            .WithName("ListAudit")
            .WithSummary("A tenant's audit log")
            .WithDescription($"Oldest first; page with `after` (the last id seen) and `limit` (default 100, at most {MaxAuditPageSize}); filter with `app`.");
        return routes;
    }

    private static async Task<Results<Ok<TenantResponse>, Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> PutTenantAsync(
        string tenant, TenantRequest body, ClaimsPrincipal user, TenantSetup setup,
        PublicUrl publicUrl, IOptions<DynamicModulesOptions> options, CancellationToken cancellationToken)
    {
        if (!user.IsOperator())
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden,
                "Only the operator key can create or change tenants.");
        }

        if (!TenantKeys.IsValid(tenant))
        {
            return Problems.Validation("tenant", "The tenant key must be 1-63 characters of a-z, 0-9 and '-'.");
        }

        var (saved, created) = await setup.SaveAsync(tenant, body.ToSettings(), options.Value.DefaultPerAppLimit, cancellationToken);
        var response = TenantResponse.From(saved, publicUrl);
        return created ? TypedResults.Created($"/api/v1/tenants/{tenant}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<List<TenantResponse>>> ListTenantsAsync(
        ClaimsPrincipal user, TenantStore tenants, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var all = await tenants.ListAsync(cancellationToken);
        return TypedResults.Ok(all.Where(tenant => user.CanAccess(tenant.Key)).Select(tenant => TenantResponse.From(tenant, publicUrl)).ToList());
    }

    private static Ok<TenantResponse> GetTenant(VisibleTenant tenant, PublicUrl publicUrl) =>
        TypedResults.Ok(TenantResponse.From(tenant.Tenant, publicUrl));

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAuditAsync(
        VisibleTenant tenant, long? after, int? limit, string? app, AuditLog audit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxAuditPageSize)
        {
            return Problems.Validation("limit", $"limit must be from 1 to {MaxAuditPageSize}.");
        }

        var pageSize = limit ?? 100;
        var records = await audit.ListAsync(tenant.Tenant.Id, after ?? 0, pageSize, app, cancellationToken);
        var next = records.Count == pageSize ? records[^1].Id : (long?)null;
        return TypedResults.Ok(new AuditPageResponse(records, next));
    }

    /// <summary>A page of audit records; pass <c>Next</c> as <c>after</c> for the following page (null at the end).</summary>
    public sealed record AuditPageResponse(IReadOnlyList<AuditRecord> Records, long? Next);
}

using System.Security.Claims;
using DynamicModules.Audit;
using DynamicModules.Configuration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Tenants;

/// <summary>Operator API: tenants and their audit log.</summary>
public static class TenantEndpoints
{
    /// <summary>Maps <c>/api/v1/tenants</c>.</summary>
    public static ApiRoutes MapTenantEndpoints(this ApiRoutes routes)
    {
        var tenants = routes.Operator.MapGroup("/tenants").WithTags("Tenants");
        var tenant = routes.Tenant.MapGroup("").WithTags("Tenants");

        tenants.MapPut("/{tenant}", PutTenantAsync)
            .WithSummary("Create or update a tenant")
            .WithDescription("Body: {productType, displayName, limits?: {perApp, tenantTotal}, registrationPolicy?, allowAsApp?}. The clientKey is generated once and never changes.");
        tenants.MapGet("", ListTenantsAsync).WithSummary("List tenants");
        tenant.MapGet("", GetTenantAsync).WithSummary("Get a tenant");
        tenant.MapGet("/audit", ListAuditAsync)
            .WithSummary("A tenant's audit log")
            .WithDescription("Oldest first; page with `after` (the last id seen) and `limit` (default 100, at most 1000); filter with `app`.");
        return routes;
    }

    private static async Task<Results<Ok<TenantResponse>, Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> PutTenantAsync(
        string tenant, HttpRequest request, ClaimsPrincipal user, TenantSetup setup,
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

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        var (settings, errors) = TenantRequestReader.Read(body);
        if (settings is null)
        {
            return Problems.Validation(Problems.ErrorMap(errors));
        }

        var (saved, created) = await setup.SaveAsync(tenant, settings, options.Value.DefaultPerAppLimit, cancellationToken);
        var response = TenantResponse.From(saved, publicUrl);
        return created ? TypedResults.Created($"/api/v1/tenants/{tenant}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<List<TenantResponse>>> ListTenantsAsync(
        ClaimsPrincipal user, TenantStore tenants, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var all = await tenants.ListAsync(cancellationToken);
        return TypedResults.Ok(all.Where(tenant => user.CanAccess(tenant.Key)).Select(tenant => TenantResponse.From(tenant, publicUrl)).ToList());
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetTenantAsync(
        string tenant, ClaimsPrincipal user, TenantStore tenants, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        return found is null ? Problems.NotFound($"No tenant '{tenant}'.") : TypedResults.Ok(TenantResponse.From(found, publicUrl));
    }

    private static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult, ValidationProblem>> ListAuditAsync(
        string tenant, long? after, int? limit, string? app, ClaimsPrincipal user, TenantStore tenants, AuditLog audit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Validation("limit", "limit must be from 1 to 1000.");
        }

        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var pageSize = limit ?? 100;
        var records = await audit.ListAsync(found.Id, after ?? 0, pageSize, app, cancellationToken);
        var next = records.Count == pageSize ? records[^1].Id : (long?)null;
        return TypedResults.Ok(new AuditPageResponse(records, next));
    }

    /// <summary>A page of audit records; pass <c>Next</c> as <c>after</c> for the following page (null at the end).</summary>
    public sealed record AuditPageResponse(IReadOnlyList<AuditRecord> Records, long? Next);
}

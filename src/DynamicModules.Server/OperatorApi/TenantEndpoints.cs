using System.Security.Claims;
using DynamicModules.Audit;
using DynamicModules.Configuration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Hosting;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.OperatorApi;

/// <summary>Operator API: tenants and their audit log.</summary>
public static class TenantEndpoints
{
    /// <summary>Maps <c>/api/v1/tenants</c>.</summary>
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tenants").RequireAuthorization(OperatorAuthenticationHandler.SchemeName).WithTags("Tenants");

        group.MapPut("/{tenant}", PutTenantAsync)
            .WithSummary("Create or update a tenant")
            .WithDescription("Body: {productType, displayName, limits?: {perApp, tenantTotal}, registrationPolicy?, allowAsApp?}. The clientKey is generated once and never changes.");
        group.MapGet("/", ListTenantsAsync).WithSummary("List tenants");
        group.MapGet("/{tenant}", GetTenantAsync).WithSummary("Get a tenant");
        group.MapGet("/{tenant}/audit", ListAuditAsync)
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
            return Problems.Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", Problems.ProblemTypes.Forbidden,
                "Only the operator key can create or change tenants.");
        }

        if (!TenantKeys.IsValid(tenant))
        {
            return Problems.Problems.Validation("tenant", "The tenant key must be 1-63 characters of a-z, 0-9 and '-'.");
        }

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        var (settings, errors) = TenantRequestReader.Read(body);
        if (settings is null)
        {
            return Problems.Problems.Validation(Problems.Problems.ErrorMap(errors));
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
        return found is null ? Problems.Problems.NotFound($"No tenant '{tenant}'.") : TypedResults.Ok(TenantResponse.From(found, publicUrl));
    }

    private static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult, ValidationProblem>> ListAuditAsync(
        string tenant, long? after, int? limit, string? app, ClaimsPrincipal user, TenantStore tenants, AuditLog audit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Problems.Validation("limit", "limit must be from 1 to 1000.");
        }

        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.Problems.NotFound($"No tenant '{tenant}'.");
        }

        var pageSize = limit ?? 100;
        var records = await audit.ListAsync(found.Id, after ?? 0, pageSize, app, cancellationToken);
        var next = records.Count == pageSize ? records[^1].Id : (long?)null;
        return TypedResults.Ok(new AuditPageResponse(records, next));
    }

    /// <summary>A page of audit records; pass <c>Next</c> as <c>after</c> for the following page (null at the end).</summary>
    public sealed record AuditPageResponse(IReadOnlyList<AuditRecord> Records, long? Next);
}

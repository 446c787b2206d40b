using System.Security.Claims;
using DynamicModules.Dashboard;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Dashboard;

/// <summary>Operator API: the dashboard's figures, service-wide (operator key) and per tenant (operator key or admin link).</summary>
public static class DashboardEndpoints
{
    private static readonly string WindowNames = string.Join(" or ", DashboardWindow.All.Select(window => window.Name));

    private static readonly string Contents =
        "Deliveries per hour by outcome (`succeeded`: attempts answered 2xx; `retried`: failed attempts that were retried; "
        + "`failed`/`dead`: deliveries given up or dead-lettered, counted at their last attempt), their totals, the lag from publish to "
        + "the first 2xx (nearest-rank p50/p90/p99/max in ms), the outbox depth now (pending, due, waiting), the "
        + $"{DashboardStore.MaxFailingEndpoints} delivery targets with the most failed attempts, and dynamic modules used against "
        + "the limit per installation, fullest first. Query: `window` (" + WindowNames + ", default 24h); hours are UTC, the "
        + "current hour included.";

    /// <summary>Maps the two dashboard routes.</summary>
    public static ApiRoutes MapDashboardEndpoints(this ApiRoutes routes)
    {
        routes.Operator.MapGet("/dashboard", ServiceDashboardAsync)
            .WithTags("Dashboard")
            .WithName("GetServiceDashboard")
            .WithSummary("Dashboard figures of the whole service")
            .WithDescription(Contents + $" Every tenant (quota use: the {DashboardStore.MaxQuotaRows} fullest installations). "
                + "Operator key only: an admin link answers 403 (it sees its tenant's dashboard instead). 400 for an unknown window.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        routes.Tenant.MapGet("/dashboard", TenantDashboardAsync)
            .WithTags("Dashboard")
            .WithName("GetTenantDashboard")
            .WithSummary("Dashboard figures of one tenant")
            .WithDescription(Contents + " This tenant only; open to its admin links. 400 for an unknown window.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    private static async Task<Results<Ok<DashboardFigures>, ValidationProblem, ProblemHttpResult>> ServiceDashboardAsync(
        string? window, ClaimsPrincipal user, DashboardStore dashboard, CancellationToken cancellationToken)
    {
        if (!user.IsOperator())
        {
            // Service-wide figures name every tenant: an admin link must not see them.
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden,
                "Only the operator key can read the service-wide dashboard; use GET /api/v1/tenants/{tenant}/dashboard.");
        }

        if (DashboardWindow.Find(window ?? DashboardWindow.Day.Name) is not { } found)
        {
            return UnknownWindow(window);
        }

        return TypedResults.Ok(await dashboard.ReadAsync(null, null, found, cancellationToken));
    }

    private static async Task<Results<Ok<DashboardFigures>, ValidationProblem>> TenantDashboardAsync(
        VisibleTenant tenant, string? window, DashboardStore dashboard, CancellationToken cancellationToken)
    {
        if (DashboardWindow.Find(window ?? DashboardWindow.Day.Name) is not { } found)
        {
            return UnknownWindow(window);
        }

        return TypedResults.Ok(await dashboard.ReadAsync(tenant.Tenant.Id, tenant.Key, found, cancellationToken));
    }

    private static ValidationProblem UnknownWindow(string? window) =>
        Problems.Validation("window", $"window must be {WindowNames}, not '{window}'.");
}

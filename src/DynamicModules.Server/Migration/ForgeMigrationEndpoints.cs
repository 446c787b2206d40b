using System.Security.Claims;
using DynamicModules.Migration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Migration;

/// <summary>Operator API: plan and apply the Connect → Forge migration of an adopted app's dynamic modules.</summary>
public static class ForgeMigrationEndpoints
{
    /// <summary>Maps <c>POST /api/v1/tenants/{tenant}/apps/{appKey}/migrate-to-forge</c>.</summary>
    public static RouteGroupBuilder MapForgeMigrationEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/apps/{appKey}/migrate-to-forge", MigrateAsync)
            .WithName("MigrateAppToForge")
            .WithTags("Apps")
            .WithSummary("Plan or apply the Connect → Forge migration of an app's dynamic modules")
            .WithDescription("For an app installed from a Forge manifest with `app.connect.key` (DESIGN §4.6, docs/connect-to-forge-migration.md). `dryRun=true` (the default) answers the plan and changes nothing: per Connect dynamic module its Forge type, key and `data` (`status: planned`) or why it stays a Connect module (`staysConnect` with `reason`); modules an earlier application converted are listed `alreadyConverted`. `dryRun=false` applies the plan all-or-nothing under the app's quota, audited (`module.migrate`), with one change-feed record naming the removed and added keys: the converted Connect modules are replaced by their Forge modules (`converted`), endpoints derived for webhook URLs the manifest does not serve are stored with the manifest. Running it again changes nothing (`applied: false`). Operator key only (403 for an admin link); 400 when `dryRun` is not true or false; 404 for an unknown app; 409 when the app is not an adopted Forge app (or is uninstalled); 422 when applying would exceed the quota (nothing changed).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return tenant;
    }

    private static async Task<Results<Ok<ForgeMigrationResponse>, ProblemHttpResult>> MigrateAsync(
        VisibleTenant tenant, string appKey, bool? dryRun, ClaimsPrincipal user, ForgeMigrationService service, CancellationToken cancellationToken)
    {
        if (!user.IsOperator())
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden,
                "Only the operator key can plan or apply a Connect → Forge migration.");
        }

        var dry = dryRun ?? true;
        var outcome = dry
            ? await service.PlanAsync(tenant.Tenant, appKey, cancellationToken)
            : await service.ApplyAsync(tenant.Tenant, appKey, cancellationToken);
        return outcome switch
        {
            ForgeMigrationOutcome.Answered answered =>
                TypedResults.Ok(ForgeMigrationResponse.From(tenant.Key, appKey, dry, answered.Applied, answered.Modules)),
            ForgeMigrationOutcome.UnknownApp unknown => Problems.NotFound(unknown.Detail),
            ForgeMigrationOutcome.NotAdopted notAdopted =>
                Problems.Status(StatusCodes.Status409Conflict, "Not an adopted Forge app", ProblemTypes.Conflict, notAdopted.Detail),
            ForgeMigrationOutcome.OverQuota over =>
                Problems.Status(StatusCodes.Status422UnprocessableEntity, "Over quota", ProblemTypes.Validation, over.Detail),
            _ => throw new NotSupportedException($"Unexpected migration outcome {outcome.GetType().Name}."),
        };
    }
}

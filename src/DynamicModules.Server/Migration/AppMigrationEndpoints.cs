using DynamicModules.Migration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Modules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Migration;

/// <summary>The app reads its own migration plan (always a dry run), in the Connect and the Forge dialect.</summary>
public static class AppMigrationEndpoints
{
    private const string Description =
        "The calling app's Connect → Forge migration plan, as the operator's dry run answers it (`dryRun: true`, `applied: false`; docs/connect-to-forge-migration.md). 409 `{message}` when the app is not a Forge app adopting its Connect key.";

    /// <summary>Maps <c>GET .../rest/atlassian-connect/1/app/module/dynamic/migration</c> and <c>GET .../forge/installation/v2/dynamic/migration</c>.</summary>
    public static RouteGroupBuilder MapAppMigrationEndpoints(this RouteGroupBuilder tenantApp)
    {
        tenantApp.MapGet("/rest/atlassian-connect/1/app/module/dynamic/migration", ReadPlanAsync)
            .WithMetadata(ErrorDialect.Connect)
            .WithName("GetConnectMigrationPlan")
            .WithTags("Connect dynamic modules")
            .WithSummary("The app's Connect → Forge migration plan (Connect)")
            .WithDescription(Description)
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict);
        tenantApp.MapGet("/forge/installation/v2/dynamic/migration", ReadPlanAsync)
            .WithMetadata(ErrorDialect.Forge)
            .WithName("GetForgeMigrationPlan")
            .WithTags("Forge dynamic modules")
            .WithSummary("The app's Connect → Forge migration plan (Forge v2)")
            .WithDescription(Description)
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict)
            .AcceptForgeAppTokens();
        return tenantApp;
    }

    private static async Task<Results<Ok<ForgeMigrationResponse>, JsonHttpResult<ConnectMessage>>> ReadPlanAsync(
        HttpContext context, ForgeMigrationService service, CancellationToken cancellationToken)
    {
        var call = AppCallAuthenticationHandler.CallOf(context);
        return await service.PlanAsync(call.Tenant, call.Installation, cancellationToken) switch
        {
            ForgeMigrationOutcome.Answered answered =>
                TypedResults.Ok(ForgeMigrationResponse.From(call.Tenant.Key, call.AppKey, true, false, answered.Modules)),
            ForgeMigrationOutcome.NotAdopted notAdopted => ModuleAnswers.Message(StatusCodes.Status409Conflict, notAdopted.Detail),
            var other => throw new NotSupportedException($"Unexpected migration outcome {other.GetType().Name} for an installed app."),
        };
    }
}

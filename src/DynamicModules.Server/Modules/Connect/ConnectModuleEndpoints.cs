using System.Text.Json.Nodes;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Connect;

/// <summary>The Atlassian Connect dynamic modules API (connect.md §1), under each tenant's base URL.</summary>
public static class ConnectModuleEndpoints
{
    private const string Path = "/rest/atlassian-connect/1/app/module/dynamic";

    /// <summary>Maps POST, GET and DELETE of <c>/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic</c>, answering refusals in Connect's dialect.</summary>
    public static RouteGroupBuilder MapConnectModuleEndpoints(this RouteGroupBuilder tenantApp)
    {
        var connect = tenantApp.MapGroup(Path).WithMetadata(ErrorDialect.Connect).WithTags("Connect dynamic modules");

        connect.MapPost("", RegisterAsync)
            .WithName("RegisterConnectModules")
            .WithSummary("Register dynamic modules (Connect)")
            .WithDescription("Body shaped like the descriptor's `modules` (also accepted wrapped in `{\"modules\": {...}}`). All or nothing: 200 with no body, or 400 `{message, errors}` naming every problem with its path (`{message, keys}` for duplicate keys, `{message}` over quota); 403 when the tenant's registration policy refuses the caller.")
            .ProducesModuleRefusals(StatusCodes.Status400BadRequest)
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        connect.MapGet("", ListAsync)
            .WithName("ListConnectModules")
            .WithSummary("List the app's dynamic modules (Connect)")
            .WithDescription("Descriptor-shaped: module type → definitions, for modules of Connect types (whichever API registered them); `{}` when none.")
            .ProducesMessage(StatusCodes.Status401Unauthorized);
        connect.MapDelete("", DeleteAsync)
            .WithName("DeleteConnectModules")
            .WithSummary("Delete dynamic modules (Connect)")
            .WithDescription("`moduleKey` repeated or comma-separated; no `moduleKey` parameter deletes all of the app's dynamic modules, a `moduleKey` that names no key (`?moduleKey=`) is refused with 400 and deletes nothing; unknown keys are ignored. 204; 403 when the tenant's registration policy refuses the caller.")
            .ProducesMessage(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        return tenantApp;
    }

    private static async Task<Results<Ok, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>>
        RegisterAsync(ConnectModulesRequest body, HttpContext context, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var outcome = await registry.RegisterConnectAsync(AppCallAuthenticationHandler.CallOf(context), body.Modules, cancellationToken);
        return ModuleAnswers.Of(outcome, StatusCodes.Status400BadRequest, _ => TypedResults.Ok());
    }

    private static async Task<Ok<Dictionary<string, List<JsonObject>>>> ListAsync(HttpContext context, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        var call = AppCallAuthenticationHandler.CallOf(context);
        var modules = await store.ListAsync(call.Tenant.Id, call.Installation.Id, null, 0, int.MaxValue, cancellationToken);
        var shaped = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var module in modules.Where(IsConnectShaped))
        {
            if (!shaped.TryGetValue(module.Type, out var list))
            {
                shaped[module.Type] = list = [];
            }

            list.Add(module.Definition);
        }

        return TypedResults.Ok(shaped);
    }

    private static async Task<Results<NoContent, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>>
        DeleteAsync(HttpContext context, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        // Repeated (ACE) and comma-separated (jira.js) forms both occur in the wild; keys never contain commas.
        var parameter = context.Request.Query["moduleKey"];
        var keys = parameter
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // Only a request without the parameter means "all": jira.js sends ?moduleKey= for an empty list, which
        // must not wipe the app's modules (DESIGN §4.1).
        if (parameter.Count > 0 && keys.Count == 0)
        {
            return ModuleAnswers.Message(StatusCodes.Status400BadRequest,
                "moduleKey names no module key. Give one or more keys (repeated or comma-separated), or leave the parameter out to delete all of the app's dynamic modules.");
        }

        // A key no module can have (a NUL, which PostgreSQL text cannot even hold) is an unknown key: ignored.
        var possible = keys.Where(ModuleKeys.IsValid).ToList();
        if (keys.Count > 0 && possible.Count == 0)
        {
            return TypedResults.NoContent();
        }

        var (outcome, _) = await registry.DeleteAsync(AppCallAuthenticationHandler.CallOf(context), possible.Count == 0 ? null : possible, cancellationToken);
        return ModuleAnswers.Of(outcome, StatusCodes.Status400BadRequest, _ => TypedResults.NoContent());
    }

    /// <summary>A module is Connect-shaped when its type is a Connect catalog type, whichever API registered it.</summary>
    internal static bool IsConnectShaped(DynamicModule module) =>
        ModuleCatalog.Default.TryGet(module.Type, out var definition) && definition.Dialect == ModuleDialect.Connect;
}

using System.Globalization;
using System.Text;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Forge;

/// <summary>The Forge dynamic modules v2 API (forge-triggers-expressions.md §1.2), under each tenant's base URL.</summary>
public static class ForgeModuleEndpoints
{
    /// <summary>Page size when <c>limit</c> is not given.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 100;

    private const string Path = "/forge/installation/v2/dynamic/module";

    /// <summary>Maps the v2 CRUD routes, answering refusals in Forge's dialect (422 for an invalid body).</summary>
    public static RouteGroupBuilder MapForgeModuleEndpoints(this RouteGroupBuilder tenantApp)
    {
        var forge = tenantApp.MapGroup(Path).WithMetadata(ErrorDialect.Forge).WithTags("Forge dynamic modules").AcceptForgeAppTokens();

        forge.MapPost("", RegisterAsync)
            .WithName("RegisterForgeModule")
            .WithSummary("Register a dynamic module (Forge v2)")
            .WithDescription("Body `{type, data}`. 201 `{key, type, data}` with a server-generated UUID key. 422 `{message, errors}` naming every problem with its path when the body or the module is invalid, `{message, keys}` for a duplicate key, `{message}` over quota; 403 when the tenant's registration policy refuses the caller.")
            .ProducesModuleRefusals(StatusCodes.Status422UnprocessableEntity)
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        forge.MapGet("", ListAsync)
            .WithName("ListForgeModules")
            .WithSummary("List dynamic modules (Forge v2)")
            .WithDescription($"`limit` (default {DefaultPageSize}, at most {MaxPageSize}), `nextPageToken` from the previous page, `type` to filter. Lists every module of the app, whichever API registered it, in registration order; the token is stable under concurrent inserts. A `limit` that is not an integer or out of range, or a token this API did not issue, answers 422 naming the parameter.")
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status422UnprocessableEntity);
        forge.MapGet("/{key}", GetAsync)
            .WithName("GetForgeModule")
            .WithSummary("Get a dynamic module (Forge v2)")
            .WithDescription("The module `{key, type, data}`; 404 when the key is unknown or another app's.")
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        forge.MapPut("/{key}", UpdateAsync)
            .WithName("UpdateForgeModule")
            .WithSummary("Update a dynamic module (Forge v2)")
            .WithDescription("Atomic replace with `{type, data}`; the path key is authoritative and a different key in the body (`key` or `data.key`) is refused with 400. 404 when the key is unknown or another app's; 422 when the body or the module is invalid. A failed update leaves the old definition.")
            .ProducesModuleRefusals(StatusCodes.Status422UnprocessableEntity)
            .ProducesMessage(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        forge.MapDelete("/{key}", DeleteAsync)
            .WithName("DeleteForgeModule")
            .WithSummary("Delete a dynamic module (Forge v2)")
            .WithDescription("204 when deleted; 404 when the key is unknown or another app's; 403 when the tenant's registration policy refuses the caller.")
            .ProducesMessage(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return tenantApp;
    }

    private static async Task<Results<Created<ForgeModuleResponse>, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>>
        RegisterAsync(ForgeModuleRequest body, HttpContext context, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var outcome = await registry.RegisterForgeAsync(AppCallAuthenticationHandler.CallOf(context), body.ToModuleBody(), cancellationToken);
        return ModuleAnswers.Of(outcome, StatusCodes.Status422UnprocessableEntity, accepted =>
        {
            var module = ForgeModuleResponse.From(accepted.Modules.Single());
            return TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}/{module.Key}", module);
        });
    }

    private static async Task<Results<Ok<ForgeModulePage>, JsonHttpResult<ConnectMessage>>> ListAsync(
        HttpContext context, int? limit, string? nextPageToken, string? type, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return ModuleAnswers.Message(StatusCodes.Status422UnprocessableEntity, $"limit must be an integer from 1 to {MaxPageSize}.");
        }

        long afterId = 0;
        if (nextPageToken is not null && !TryReadPageToken(nextPageToken, out afterId))
        {
            return ModuleAnswers.Message(StatusCodes.Status422UnprocessableEntity, "nextPageToken is not a token this API issued: pass the nextPageToken of the previous page as it is.");
        }

        var call = AppCallAuthenticationHandler.CallOf(context);
        var size = limit ?? DefaultPageSize;
        // One extra row tells whether another page exists without a count query.
        var rows = await store.ListAsync(call.Tenant.Id, call.Installation.Id, type, afterId, size + 1, cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? PageToken(page[^1].Id) : null;
        return TypedResults.Ok(new ForgeModulePage(page.Select(ForgeModuleResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<ForgeModuleResponse>, JsonHttpResult<ConnectMessage>>> GetAsync(
        HttpContext context, string key, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        var call = AppCallAuthenticationHandler.CallOf(context);
        var module = await store.FindAsync(call.Tenant.Id, call.Installation.Id, key, cancellationToken);
        return module is null ? ModuleAnswers.NotFound(key) : TypedResults.Ok(ForgeModuleResponse.From(module));
    }

    private static async Task<Results<Ok<ForgeModuleResponse>, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>>
        UpdateAsync(string key, ForgeModuleRequest body, HttpContext context, ModuleRegistry registry, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        // An unknown (or another app's) key answers 404 before anything about the definition is said: which problems
        // a definition has depends on the installation, so answering them first would tell whose key it is. (A body
        // that is not {type, data} at all is refused during binding, whoever owns the key.)
        var call = AppCallAuthenticationHandler.CallOf(context);
        if (await store.FindAsync(call.Tenant.Id, call.Installation.Id, key, cancellationToken) is null)
        {
            return ModuleAnswers.NotFound(key);
        }

        if (body.NamedKey() is { } bodyKey && !string.Equals(bodyKey, key, StringComparison.Ordinal))
        {
            // Forge's own answer, word for word.
            return ModuleAnswers.Message(StatusCodes.Status400BadRequest, "Key cannot be modified during update");
        }

        var outcome = await registry.UpdateForgeAsync(call, key, body.ToModuleBody(), cancellationToken);
        return ModuleAnswers.Of(outcome, StatusCodes.Status422UnprocessableEntity, accepted => TypedResults.Ok(ForgeModuleResponse.From(accepted.Modules.Single())));
    }

    private static async Task<Results<NoContent, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>>
        DeleteAsync(HttpContext context, string key, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var (outcome, deleted) = await registry.DeleteAsync(AppCallAuthenticationHandler.CallOf(context), [key], cancellationToken);
        return outcome is RegistrationOutcome.Accepted && deleted.Count == 0
            ? ModuleAnswers.NotFound(key)
            : ModuleAnswers.Of(outcome, StatusCodes.Status422UnprocessableEntity, _ => TypedResults.NoContent());
    }

    // The token is opaque to clients; inside it is the id of the last row served, so rows inserted while a
    // client pages get higher ids and never shift the pages it has not read yet.
    private static string PageToken(long lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + lastId.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadPageToken(string token, out long lastId)
    {
        lastId = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("v1:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out lastId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

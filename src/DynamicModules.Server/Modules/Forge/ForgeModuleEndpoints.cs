using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Modules.Forge;

/// <summary>The Forge dynamic modules v2 API (forge-triggers-expressions.md §1.2), under each tenant's base URL.</summary>
public static class ForgeModuleEndpoints
{
    /// <summary>Page size when <c>limit</c> is not given.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 100;

    private const string Path = "/forge/installation/v2/dynamic/module";

    /// <summary>Maps the v2 CRUD routes.</summary>
    public static RouteGroupBuilder MapForgeModuleEndpoints(this RouteGroupBuilder tenantApp)
    {
        tenantApp.MapPost(Path, RegisterAsync)
            .WithSummary("Register a dynamic module (Forge v2)")
            .WithDescription("Body `{type, data}`. 201 `{key, type, data}` with a server-generated UUID key; 422 `{message}` when invalid or over quota.");
        tenantApp.MapGet(Path, ListAsync)
            .WithSummary("List dynamic modules (Forge v2)")
            .WithDescription($"`limit` (default {DefaultPageSize}, at most {MaxPageSize}), `nextPageToken` from the previous page, `type` to filter. Lists every module of the app, whichever API registered it, in registration order; the token is stable under concurrent inserts.");
        tenantApp.MapGet(Path + "/{key}", GetAsync).WithSummary("Get a dynamic module (Forge v2)");
        tenantApp.MapPut(Path + "/{key}", UpdateAsync)
            .WithSummary("Update a dynamic module (Forge v2)")
            .WithDescription("Atomic replace; the path key is authoritative and a different key in the body is refused. A failed update leaves the old definition.");
        tenantApp.MapDelete(Path + "/{key}", DeleteAsync).WithSummary("Delete a dynamic module (Forge v2)");
        return tenantApp;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestJson.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error.ToAppMessage(StatusCodes.Status422UnprocessableEntity);
        }

        var outcome = await registry.RegisterForgeAsync(AppCallAuthenticationHandler.CallOf(context), body, cancellationToken);
        return outcome is RegistrationOutcome.Accepted accepted
            ? TypedResults.Json(ForgeModuleResponse.From(accepted.Modules.Single()), statusCode: StatusCodes.Status201Created)
            : AppErrorResponses.For(outcome, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, int? limit, string? nextPageToken, string? type, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return TypedResults.Json(new ConnectMessage($"limit must be from 1 to {MaxPageSize}."), statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        long afterId = 0;
        if (nextPageToken is not null && !TryReadPageToken(nextPageToken, out afterId))
        {
            return TypedResults.Json(new ConnectMessage("nextPageToken is not a token this API issued."), statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var call = AppCallAuthenticationHandler.CallOf(context);
        var size = limit ?? DefaultPageSize;
        // One extra row tells whether another page exists without a count query.
        var rows = await store.ListAsync(call.Tenant.Id, call.Installation.Id, type, afterId, size + 1, cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? PageToken(page[^1].Id) : null;
        return TypedResults.Ok(new ForgeModulePage(page.Select(ForgeModuleResponse.From).ToList(), next));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string key, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        var call = AppCallAuthenticationHandler.CallOf(context);
        var module = await store.FindAsync(call.Tenant.Id, call.Installation.Id, key, cancellationToken);
        return module is null ? AppErrorResponses.NotFound(key) : TypedResults.Ok(ForgeModuleResponse.From(module));
    }

    private static async Task<IResult> UpdateAsync(
        HttpContext context, string key, ModuleRegistry registry, DynamicModuleStore store, CancellationToken cancellationToken)
    {
        // Unknown (or another app's) key first: the answer must not depend on the body.
        var call = AppCallAuthenticationHandler.CallOf(context);
        if (await store.FindAsync(call.Tenant.Id, call.Installation.Id, key, cancellationToken) is null)
        {
            return AppErrorResponses.NotFound(key);
        }

        var (body, error) = await RequestJson.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error.ToAppMessage(StatusCodes.Status422UnprocessableEntity);
        }

        if (KeyInBody(body) is { } bodyKey && !string.Equals(bodyKey, key, StringComparison.Ordinal))
        {
            return AppErrorResponses.BadRequest("Key cannot be modified during update");
        }

        var outcome = await registry.UpdateForgeAsync(call, key, body, cancellationToken);
        return outcome is RegistrationOutcome.Accepted accepted
            ? TypedResults.Ok(ForgeModuleResponse.From(accepted.Modules.Single()))
            : AppErrorResponses.For(outcome, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string key, ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var (outcome, deleted) = await registry.DeleteAsync(AppCallAuthenticationHandler.CallOf(context), [key], cancellationToken);
        return outcome is not RegistrationOutcome.Accepted ? AppErrorResponses.For(outcome, StatusCodes.Status422UnprocessableEntity)
            : deleted.Count == 0 ? AppErrorResponses.NotFound(key)
            : TypedResults.NoContent();
    }

    // Only an object can carry a key; any other body is left to the validator, which refuses it with a message.
    private static string? KeyInBody(JsonNode? body)
    {
        static string? StringAt(JsonNode? node) =>
            node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return body is JsonObject request
            ? StringAt(request["key"]) ?? (request["data"] is JsonObject data ? StringAt(data["key"]) : null)
            : null;
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

    /// <summary>One module as the Forge API shows it.</summary>
    public sealed record ForgeModuleResponse(string Key, string Type, JsonObject Data)
    {
        /// <summary>Maps a stored module; the key is copied into <c>data</c>, as Forge does on update.</summary>
        public static ForgeModuleResponse From(DynamicModule module)
        {
            var data = (JsonObject)module.Definition.DeepClone();
            data["key"] = module.Key;
            return new ForgeModuleResponse(module.Key, module.Type, data);
        }
    }

    /// <summary>A page of modules; <c>NextPageToken</c> is null on the last page.</summary>
    public sealed record ForgeModulePage(IReadOnlyList<ForgeModuleResponse> Modules, string? NextPageToken);
}

using System.Globalization;
using DynamicModules.Changes;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using DynamicModules.Telemetry;
using DynamicModules.Visibility;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Modules.Read;

/// <summary>The host's render-time module read and the change feed (DESIGN §4.2).</summary>
public static class ModuleReadEndpoints
{
    /// <summary>Longest accepted filter value; longer ones are refused rather than cached.</summary>
    public const int MaxFilterLength = 256;

    /// <summary>Maps <c>GET /api/v1/tenants/{tenant}/modules</c> and <c>GET /api/v1/tenants/{tenant}/changes</c>.</summary>
    public static RouteGroupBuilder MapModuleReadEndpoints(this RouteGroupBuilder tenant)
    {
        var group = tenant.MapGroup("").WithTags("Modules");

        // No VisibleTenant here: the read is answered from the snapshot cache, and loading the tenant from the store
        // first would add a database round trip (and a filter) to every render. The cache answers 404 itself.
        group.MapGet("/modules", ReadModulesAsync)
            .WithName("ReadModules")
            .WithSummary("The modules a tenant serves (render-time read)")
            .WithDescription($"Static modules of every enabled app (from its descriptor, i18n resolved) and dynamic modules of those apps, as {{tenant, version, modules: [{{appKey, key, type, source, dialect, definition}}]}}. Order: app key, static before dynamic, type, then registration order. Filters: app, type, location (definition.location), each at most {MaxFilterLength} characters. ETag = the quoted module version; If-None-Match answers 304. Served from memory, invalidated by every change. "
                + $"With a viewing context (user = account id, project = project key, space = space key; any of them, each at most {MaxFilterLength} characters, empty = not given) only the modules visible in it are answered: their visibility (the operator's override, else the module's own: every listed dimension must match, roles from the tenant's user roles), the Connect conditions user_is_logged_in, user_is_admin, user_is_sysadmin (the product-admin role) and jira_expression (user, project, space bound; a failing one hides the module), and the Forge displayConditions isLoggedIn, isAdmin, projectKey(s), spaceKey(s). What the service cannot decide comes back unevaluated in the entry's hostConditions (Connect: a conditions array; Forge: a displayConditions object) for the host to evaluate. The ETag is then the quoted \"{{version}}-{{context digest}}\", and If-None-Match answers 304 per context.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/changes", ReadChanges)
            .WithName("ReadModuleChanges")
            .WithSummary("Change feed (Server-Sent Events)")
            .WithDescription("One `module-change` event per change after `after` (or the Last-Event-ID header, which wins); without either, only changes from now on. id = version; data = {version, appKey, operation, moduleKeys, time}. Stays open and sends new changes as they commit; keep-alive comments in between. A version that is not a non-negative integer answers 400 naming `after` or `Last-Event-ID`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddOpenApiOperationTransformer(DocumentLastEventIdAsync);
        return tenant;
    }

    private static async ValueTask<Results<ModuleListResult, ProblemHttpResult, ValidationProblem>> ReadModulesAsync(
        string tenant, string? app, string? type, string? location, string? user, string? project, string? space, HttpContext context,
        TenantModuleCache cache, VisibleModuleReader visible, ServiceMetrics metrics)
    {
        if ((TooLong(app, type, location) ?? TooLongContext(user, project, space)) is { } parameter)
        {
            return Problems.Validation(parameter, $"{parameter} must be at most {MaxFilterLength} characters.");
        }

        // A tenant-scoped admin link sees its own tenant only; others look the same as unknown ones.
        var snapshot = context.User.CanAccess(tenant) ? await cache.GetAsync(tenant, context.RequestAborted) : null;
        if (snapshot is null)
        {
            metrics.ModuleReadMiss();
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var viewing = new ViewingContext(NullIfEmpty(user), NullIfEmpty(project), NullIfEmpty(space));
        // With a context only the visible modules, answered and tagged per context (DESIGN §4.8).
        var visibleAnswer = viewing.IsEmpty
            ? null
            : await visible.ReadAsync(snapshot, new ContextQuery(new ModuleQuery(app, type, location), viewing), context.RequestAborted);
        var etag = visibleAnswer?.ETag ?? snapshot.ETag;
        var loaded = snapshot.TakeFirstRead();
        if (IfNoneMatch(context.Request, etag))
        {
            metrics.ModuleReadNotModified();
            return ModuleListResult.NotModified(etag);
        }

        if (loaded)
        {
            metrics.ModuleReadMiss();
        }
        else
        {
            metrics.ModuleReadHit();
        }

        return new ModuleListResult(visibleAnswer?.Body ?? snapshot.Answer(new ModuleQuery(app, type, location)), etag);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? TooLong(string? app, string? type, string? location) =>
        app?.Length > MaxFilterLength ? "app"
        : type?.Length > MaxFilterLength ? "type"
        : location?.Length > MaxFilterLength ? "location"
        : null;

    private static string? TooLongContext(string? user, string? project, string? space) =>
        user?.Length > MaxFilterLength ? "user"
        : project?.Length > MaxFilterLength ? "project"
        : space?.Length > MaxFilterLength ? "space"
        : null;

    private static Results<ChangeFeedResult, ValidationProblem> ReadChanges(
        VisibleTenant tenant, string? after, HttpContext context, ModuleChangeLog changes, ModuleChangeSignal signal, IOptions<ModuleReadOptions> options)
    {
        // EventSource reconnects to the same URL with Last-Event-ID set to the last id it saw: that one is newer.
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var cursorText = lastEventId.Length > 0 ? lastEventId : after;
        long cursor;
        if (string.IsNullOrEmpty(cursorText))
        {
            cursor = tenant.Tenant.ModuleVersion;
        }
        else if (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            var name = lastEventId.Length > 0 ? "Last-Event-ID" : "after";
            return Problems.Validation(name, $"{name} must be a module version: a non-negative integer, e.g. 42.");
        }

        return new ChangeFeedResult(tenant.Tenant.Id, cursor, changes, signal, options.Value);
    }

    private static Task DocumentLastEventIdAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "Last-Event-ID",
            In = ParameterLocation.Header,
            Description = "Sent by EventSource when it reconnects: the last event id (module version) it saw; wins over `after`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }

    /// <summary>RFC 9110 If-None-Match with weak comparison: any listed tag equal to ours, or <c>*</c>.</summary>
    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0)
        {
            return false;
        }

        foreach (var value in header)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

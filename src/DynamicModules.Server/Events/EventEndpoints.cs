using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Events;
using DynamicModules.Installations;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Events;

/// <summary>Operator API: publishing events.</summary>
public static class EventEndpoints
{
    /// <summary>Maps <c>POST /api/v1/tenants/{tenant}/events</c>.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/events", PublishAsync)
            .WithTags("Events")
            .WithSummary("Publish an event")
            .WithDescription("Body: {id, type, payload, actor?: {accountId} | {appKey}}. `type` is a Forge event name from the catalog. The event and one delivery per matching webhook/trigger of the tenant's enabled apps are stored in one transaction before the 202. Idempotent by id: a repeat answers 202 with the original's counts and queues nothing.");
        return tenant;
    }

    private static async Task<Results<Accepted<PublishResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string tenant, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, EventCatalog catalog, EventPublisher publisher,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        var (published, errors) = PublishRequestReader.Read(body, catalog);
        if (published is null)
        {
            return Problems.Validation(Problems.ErrorMap(errors), string.Join(" ", errors.Select(e => e.Message)));
        }

        var result = await publisher.PublishAsync(found, published, cancellationToken);
        return TypedResults.Accepted(
            $"/api/v1/tenants/{tenant}/deliveries",
            new PublishResponse(result.Id, result.Deliveries, result.Skipped, result.Duplicate));
    }
}

using DynamicModules.Events;
using DynamicModules.ForgeRemote;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
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
            .WithName("PublishEvent")
            .WithSummary("Publish an event")
            .WithDescription("Body: {id, type, payload, actor?: {accountId} | {appKey}}. `type` is a Forge event name from the catalog. The event and one delivery per matching webhook/trigger of the tenant's enabled apps are stored in one transaction before the 202. Idempotent by id: a repeat answers 202 with the original's counts and queues nothing. 400 names every invalid member (an unknown `type` once the rest of the body is valid).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return tenant;
    }

    private static async Task<Results<Accepted<PublishResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        TenantIdOfRoute tenant, PublishRequest body, EventCatalog catalog, EventPublisher publisher, CancellationToken cancellationToken)
    {
        if (ForgeLifecycleEvents.IsReserved(body.Type!))
        {
            return Problems.Validation("type", $"'{body.Type}' is a Forge lifecycle event: only the service sends avi:forge:* events, to the app they are about.");
        }

        // The catalog is configuration, not request shape: the record cannot see it, so the type is checked here.
        if (!catalog.TryGet(body.Type!, out var type))
        {
            return Problems.Validation("type",
                $"Unknown event type '{body.Type}'. Publish a Forge event name from the catalog (e.g. avi:jira:created:issue) or add it under DynamicModules:Events.");
        }

        if (await publisher.PublishAsync((tenant.Id, tenant.Key), body.ToEvent(type), cancellationToken) is not { } result)
        {
            return Problems.NotFound($"No tenant '{tenant.Key}'.");
        }

        return TypedResults.Accepted(
            $"/api/v1/tenants/{tenant.Key}/deliveries",
            new PublishResponse(result.Id, result.Deliveries, result.Skipped, result.Duplicate));
    }
}

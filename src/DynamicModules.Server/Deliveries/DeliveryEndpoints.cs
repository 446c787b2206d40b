using System.Security.Claims;
using DynamicModules.Delivery;
using DynamicModules.Installations;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Deliveries;

/// <summary>Operator API: the delivery log, redelivery, replay and an app's signing secret.</summary>
public static class DeliveryEndpoints
{
    /// <summary>Largest page of the delivery log.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Maps the delivery routes of the operator API.</summary>
    public static ApiRoutes MapDeliveryEndpoints(this ApiRoutes routes)
    {
        var tenant = routes.Tenant.MapGroup("").WithTags("Deliveries");
        tenant.MapGet("/deliveries", ListDeliveriesAsync)
            .WithName("ListDeliveries")
            .WithSummary("Delivery log")
            .WithDescription($"Oldest first; each delivery comes with its attempts. Query: `status` ({string.Join("|", DeliveryStatuses.All)}), `app` (an app key), `after` (the last delivery id seen, 0 or more), `limit` (1-{MaxPageSize}, default 100). 400 names every bad parameter.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        tenant.MapPost("/deliveries/replay", ReplayAsync)
            .WithName("ReplayDeliveries")
            .WithSummary("Re-queue deliveries in bulk")
            .WithDescription("Body: {from, to, status?}: deliveries created in [from, to) (ISO 8601 or Unix ms) with that status (failed or dead by default; succeeded allowed) start a new attempt cycle with their webhook-id unchanged. Returns {count}. 400 names every wrong member of the body.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        tenant.MapGet("/apps/{appKey}/signing-secret", GetSigningSecretAsync)
            .WithName("GetSigningSecret")
            .WithSummary("An installation's webhook signing secret")
            .WithDescription("The Standard Webhooks secret (whsec_ + base64) that signs deliveries to the app (webhook-signature header). Also sent to the app as webhookSigningSecret in the installed callback. 404 for an app not installed in the tenant; 409 when the stored secret cannot be decrypted with the configured keys.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.Operator.MapPost("/deliveries/{id:long}/redeliver", RedeliverAsync)
            .WithTags("Deliveries")
            .WithName("RedeliverDelivery")
            .WithSummary("Redeliver one delivery")
            .WithDescription("Starts a new attempt cycle now, with the same webhook-id. 404 for an unknown delivery or another tenant's; 409 while the delivery is still pending or when it has no valid target URL.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return routes;
    }

    private static async Task<Results<Ok<DeliveryListResponse>, ValidationProblem>> ListDeliveriesAsync(
        VisibleTenant tenant, string? status, string? app, long? after, int? limit, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (status is not null && !DeliveryStatuses.All.Contains(status))
        {
            errors.Add(("status", $"status must be one of {string.Join(", ", DeliveryStatuses.All)}."));
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add(("limit", $"limit must be from 1 to {MaxPageSize}."));
        }

        if (after is < 0)
        {
            errors.Add(("after", "after must be a delivery id (0 or more)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(Problems.ErrorMap(errors), string.Join(" ", errors.Select(error => error.Item2)));
        }

        var pageSize = limit ?? 100;
        var page = await deliveries.ListAsync(tenant.Tenant.Id, status, app, after ?? 0, pageSize, cancellationToken);
        return TypedResults.Ok(new DeliveryListResponse(page, page.Count == pageSize ? page[^1].Id : null));
    }

    private static async Task<Results<Accepted<RedeliverResponse>, ProblemHttpResult>> RedeliverAsync(
        long id, ClaimsPrincipal user, DeliveryStore deliveries, DeliverySignal signal, CancellationToken cancellationToken)
    {
        // Another tenant's delivery answers exactly like a missing one.
        var owner = await deliveries.FindTenantAsync(id, cancellationToken);
        if (owner is not { } tenant || !user.CanAccess(tenant.Key))
        {
            return Problems.NotFound($"No delivery {id}.");
        }

        if (!await deliveries.RedeliverAsync(tenant.Id, id, cancellationToken))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Conflict", ProblemTypes.Conflict,
                $"Delivery {id} is still pending, or has no valid target URL; only settled deliveries can be redelivered.");
        }

        signal.Wake();
        return TypedResults.Accepted((string?)null, new RedeliverResponse(id, DeliveryStatuses.Pending));
    }

    private static async Task<Ok<ReplayResponse>> ReplayAsync(
        VisibleTenant tenant, ReplayRequest body, DeliveryStore deliveries, DeliverySignal signal, CancellationToken cancellationToken)
    {
        var count = await deliveries.ReplayAsync(tenant.Tenant.Id, body.FromTime, body.ToTime, body.Statuses, cancellationToken);
        if (count > 0)
        {
            signal.Wake();
        }

        return TypedResults.Ok(new ReplayResponse(count));
    }

    private static async Task<Results<Ok<SigningSecretResponse>, ProblemHttpResult>> GetSigningSecretAsync(
        VisibleTenant tenant, string appKey, InstallationStore installations, CancellationToken cancellationToken)
    {
        var installation = await installations.FindAsync(tenant.Tenant.Id, appKey, cancellationToken);
        if (installation is null)
        {
            return Problems.NotFound($"No app '{appKey}' in tenant '{tenant.Key}'.");
        }

        return installation.SigningSecret is { } secret
            ? TypedResults.Ok(new SigningSecretResponse(installation.AppKey, secret))
            : Problems.Status(StatusCodes.Status409Conflict, "Conflict", ProblemTypes.Conflict,
                $"The stored signing secret of app '{appKey}' cannot be decrypted with the configured secret keys; reinstall the app or configure the key it was sealed with.");
    }
}

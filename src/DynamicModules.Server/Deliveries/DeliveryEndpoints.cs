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
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Deliveries;

/// <summary>Operator API: the delivery log, redelivery, replay, an app's signing secret, and the public <c>/metrics</c>.</summary>
public static class DeliveryEndpoints
{
    /// <summary>Largest page of the delivery log.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Maps the delivery routes of the operator API and <c>/metrics</c>.</summary>
    public static ApiRoutes MapDeliveryEndpoints(this ApiRoutes routes)
    {
        var tenant = routes.Tenant.MapGroup("").WithTags("Deliveries");
        tenant.MapGet("/deliveries", ListDeliveriesAsync)
            .WithSummary("Delivery log")
            .WithDescription("Query: status (pending|succeeded|failed|dead), app, after (delivery id cursor), limit (1-500, default 100). Each delivery comes with its attempts.");
        tenant.MapPost("/deliveries/replay", ReplayAsync)
            .WithSummary("Re-queue deliveries in bulk")
            .WithDescription("Body: {from, to, status?}: deliveries created in [from, to) (ISO 8601 or Unix ms) with that status (failed or dead by default; succeeded allowed) start a new attempt cycle with their webhook-id unchanged. Returns {count}.");
        tenant.MapGet("/apps/{appKey}/signing-secret", GetSigningSecretAsync)
            .WithSummary("An installation's webhook signing secret")
            .WithDescription("The Standard Webhooks secret (whsec_ + base64) that signs deliveries to the app (webhook-signature header). Also sent to the app as webhookSigningSecret in the installed callback.");

        routes.Operator.MapPost("/deliveries/{id:long}/redeliver", RedeliverAsync)
            .WithTags("Deliveries")
            .WithSummary("Redeliver one delivery")
            .WithDescription("Starts a new attempt cycle now, with the same webhook-id. 409 while the delivery is still pending.");

        routes.Public.MapGet("/metrics", MetricsAsync)
            .WithTags("Public")
            .WithSummary("Prometheus metrics")
            .WithDescription("Counters since process start: events published, deliveries succeeded/failed/dead, attempts; gauge: deliveries pending.");
        return routes;
    }

    private static async Task<Results<Ok<DeliveryListResponse>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        string tenant, string? status, string? app, long? after, int? limit, ClaimsPrincipal user, TenantStore tenants, DeliveryStore deliveries,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

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
            return Problems.Validation(Problems.ErrorMap(errors));
        }

        var pageSize = limit ?? 100;
        var page = await deliveries.ListAsync(found.Id, status, app, after ?? 0, pageSize, cancellationToken);
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

    private static async Task<Results<Ok<ReplayResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        string tenant, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, DeliveryStore deliveries, DeliverySignal signal,
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

        var errors = new List<(string, string)>();
        var from = ReadTime(body, "from", errors);
        var to = ReadTime(body, "to", errors);
        IReadOnlyCollection<string> statuses = [DeliveryStatuses.Failed, DeliveryStatuses.Dead];
        switch (body["status"])
        {
            case null:
                break;
            case JsonValue value when value.TryGetValue<string>(out var status)
                && status is DeliveryStatuses.Failed or DeliveryStatuses.Dead or DeliveryStatuses.Succeeded:
                statuses = [status];
                break;
            default:
                errors.Add(("status", "status must be failed, dead or succeeded (default: failed and dead)."));
                break;
        }

        if (from is not null && to is not null && from >= to)
        {
            errors.Add(("to", "to must be after from."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(Problems.ErrorMap(errors));
        }

        var count = await deliveries.ReplayAsync(found.Id, from!.Value, to!.Value, statuses, cancellationToken);
        if (count > 0)
        {
            signal.Wake();
        }

        return TypedResults.Ok(new ReplayResponse(count));
    }

    private static async Task<Results<Ok<SigningSecretResponse>, ProblemHttpResult>> GetSigningSecretAsync(
        string tenant, string appKey, ClaimsPrincipal user, TenantStore tenants, InstallationStore installations, CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        var installation = found is null ? null : await installations.FindAsync(found.Id, appKey, cancellationToken);
        if (installation is null)
        {
            return Problems.NotFound($"No app '{appKey}' in tenant '{tenant}'.");
        }

        return installation.SigningSecret is { } secret
            ? TypedResults.Ok(new SigningSecretResponse(installation.AppKey, secret))
            : Problems.Status(StatusCodes.Status409Conflict, "Conflict", ProblemTypes.Conflict,
                $"The stored signing secret of app '{appKey}' cannot be decrypted with the configured secret keys; reinstall the app or configure the key it was sealed with.");
    }

    private static async Task<IResult> MetricsAsync(DeliveryMetrics metrics, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var pending = await deliveries.CountPendingAsync(cancellationToken);
        var text = new StringBuilder();
        Metric(text, "dynmod_events_published_total", "counter", "Events accepted since the process started (repeats excluded).", metrics.EventsPublished);
        Metric(text, "dynmod_deliveries_succeeded_total", "counter", "Deliveries that succeeded.", metrics.Succeeded);
        Metric(text, "dynmod_deliveries_failed_total", "counter", "Deliveries given up without retrying (non-retryable answer, app not enabled).", metrics.Failed);
        Metric(text, "dynmod_deliveries_dead_total", "counter", "Deliveries dead-lettered (attempts exhausted or target refused).", metrics.Dead);
        Metric(text, "dynmod_delivery_attempts_total", "counter", "HTTP delivery attempts made.", metrics.Attempts);
        Metric(text, "dynmod_deliveries_pending", "gauge", "Deliveries waiting for an attempt, across all nodes.", pending);
        return TypedResults.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static void Metric(StringBuilder text, string name, string type, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");

    /// <summary>A required time: an ISO 8601 string with offset, or Unix milliseconds.</summary>
    private static DateTimeOffset? ReadTime(JsonObject body, string name, List<(string Path, string Message)> errors)
    {
        switch (body[name])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var milliseconds)
                && milliseconds is >= 0 and <= 253_402_300_799_999:
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            case JsonValue value when value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time):
                return time;
            default:
                errors.Add((name, $"{name} is required: an ISO 8601 time or Unix milliseconds."));
                return null;
        }
    }
}

using System.Text.Json;
using AutoAssign.Rules;
using DynamicModules.Client.AspNetCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoAssign.Assignments;

/// <summary>The delivery endpoint the triggers send to, and <c>GET /assignments</c>.</summary>
public static class AssignmentEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder routes)
    {
        // Only verified deliveries reach the handler: MapConnectDelivery answers 401 to the others.
        routes.MapConnectDelivery(AutoAssignApp.EventsPath, (delivery, _) => Task.FromResult(Receive(delivery, routes.ServiceProvider)));
        routes.MapGet("/assignments", List);
        return routes;
    }

    private static Results<Ok<IReadOnlyList<Assignment>>, BadRequest<Message>> List(string? clientKey, AssignmentLog log) =>
        string.IsNullOrEmpty(clientKey)
            ? TypedResults.BadRequest(new Message("clientKey is required."))
            : TypedResults.Ok(log.For(clientKey));

    private static IResult Receive(ConnectDelivery delivery, IServiceProvider services)
    {
        var clientKey = delivery.Installation.ClientKey;
        var body = delivery.Body;
        var moduleKey = body.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
            && context.TryGetProperty("moduleKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
        var issueKey = body.TryGetProperty("issue", out var issue) && issue.ValueKind == JsonValueKind.Object
            && issue.TryGetProperty("key", out var issueKeyElement) && issueKeyElement.ValueKind == JsonValueKind.String
                ? issueKeyElement.GetString()
                : null;
        var rule = moduleKey is null ? null : services.GetRequiredService<RuleBook>().Find(clientKey, moduleKey);
        // Acknowledged either way: a delivery for a deleted rule or without an issue is nothing to retry.
        if (rule is not null && issueKey is not null && delivery.EventId is { } eventId)
        {
            services.GetRequiredService<AssignmentLog>().Record(clientKey, new Assignment(eventId, issueKey, rule.Assignee));
        }

        return Results.NoContent();
    }
}

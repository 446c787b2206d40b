using System.Text.Json.Nodes;
using DynamicModules.Client.Api;
using DynamicModules.Client.AspNetCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoAssign.Rules;

/// <summary><c>POST /rules</c> and <c>DELETE /rules/{moduleKey}</c>: each rule is one dynamic trigger in the tenant.</summary>
public static class RuleEndpoints
{
    /// <summary>The events a rule listens to.</summary>
    public static readonly string[] Events = ["avi:jira:created:issue", "avi:jira:updated:issue"];

    /// <summary>Maps the rule routes.</summary>
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/rules", CreateAsync);
        routes.MapDelete("/rules/{moduleKey}", DeleteAsync);
        return routes;
    }

    /// <summary>The trigger's filter: the rule's project and priority.</summary>
    public static string Filter(string projectKey, string priority) =>
        $"event.issue.fields.project.key == '{projectKey}' && event.issue.fields.priority.name == '{priority}'";

    private static async Task<Results<Created<RuleCreated>, BadRequest<Message>, NotFound<Message>, JsonHttpResult<Message>>> CreateAsync(
        RuleRequest request, ConnectApp app, RuleBook rules, CancellationToken cancellationToken)
    {
        if (request.Problem() is { } problem)
        {
            return TypedResults.BadRequest(new Message(problem));
        }

        var client = await app.ClientForAsync(request.ClientKey!, cancellationToken);
        if (client is null)
        {
            return TypedResults.NotFound(new Message($"The app is not installed for clientKey '{request.ClientKey}'."));
        }

        try
        {
            var trigger = await client.CreateForgeModuleAsync("trigger", new JsonObject
            {
                ["function"] = AutoAssignApp.Function,
                ["events"] = new JsonArray([.. Events.Select(e => (JsonNode)JsonValue.Create(e))]),
                ["filter"] = new JsonObject { ["expression"] = Filter(request.ProjectKey!, request.Priority!) },
            }, cancellationToken);
            rules.Add(new Rule(trigger.Key, request.ClientKey!, request.ProjectKey!, request.Priority!, request.Assignee!));
            return TypedResults.Created($"/rules/{trigger.Key}", new RuleCreated(trigger.Key));
        }
        catch (DynamicModulesApiException refused)
        {
            return ServiceRefused(refused);
        }
    }

    private static async Task<Results<NoContent, BadRequest<Message>, NotFound<Message>, JsonHttpResult<Message>>> DeleteAsync(
        string moduleKey, string? clientKey, ConnectApp app, RuleBook rules, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientKey))
        {
            return TypedResults.BadRequest(new Message("clientKey is required."));
        }

        var client = await app.ClientForAsync(clientKey, cancellationToken);
        if (client is null || rules.Find(clientKey, moduleKey) is null)
        {
            return TypedResults.NotFound(new Message($"No rule '{moduleKey}' for clientKey '{clientKey}'."));
        }

        try
        {
            await client.DeleteForgeModuleAsync(moduleKey, cancellationToken);
        }
        catch (DynamicModulesApiException refused) when (refused.StatusCode != StatusCodes.Status404NotFound)
        {
            return ServiceRefused(refused);
        }

        rules.Remove(moduleKey);
        return TypedResults.NoContent();
    }

    // The service's refusal, passed on: its 4xx with its message; anything else is a bad gateway.
    private static JsonHttpResult<Message> ServiceRefused(DynamicModulesApiException refused) =>
        TypedResults.Json(new Message("The service refused: " + refused.Message),
            statusCode: refused.StatusCode is >= 400 and < 500 ? refused.StatusCode : StatusCodes.Status502BadGateway);
}

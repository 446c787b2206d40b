using DynamicModules.ForgeRemote;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>Operator API: the host's <c>invokeRemote</c> (DESIGN §4.2, §4.5).</summary>
public static class InvokeEndpoints
{
    /// <summary>Maps <c>POST /api/v1/tenants/{tenant}/apps/{appKey}/invoke</c>.</summary>
    public static RouteGroupBuilder MapInvokeEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/apps/{appKey}/invoke", InvokeAsync)
            .WithTags("Apps")
            .WithName("InvokeRemote")
            .WithSummary("Invoke an app's remote endpoint")
            .WithDescription("Body `{endpoint, method?, path?, payload?, principal?: {accountId}}`. Calls the endpoint's remote (its route, with `path` appended) with `method` (POST by default) and `payload` as the JSON body, carrying a Forge Invocation Token and the app system/user tokens its `auth` asks for (`principal` is the acting user). Answers the remote's status, `Content-Type` and body as they are, 4xx and 5xx included. Refusals of the service itself are problem details: 400 for an invalid body, 404 for an unknown or disabled app or an unknown endpoint, 413 for a payload over the limit, 502 when the remote cannot be reached or answers more than the answer limit, 504 when it does not answer in time.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .AddOpenApiOperationTransformer(RemoteAnswerDocumentation.DescribeAsync);
        return tenant;
    }

    private static async Task<Results<RemoteAnswerResult, ValidationProblem, ProblemHttpResult>> InvokeAsync(
        VisibleTenant tenant, string appKey, InvokeRequest body, ForgeRemoteInvoker invoker, IOptions<ForgeRemoteOptions> options,
        CancellationToken cancellationToken)
    {
        if (body.PayloadBytes > options.Value.MaxInvokeRequestBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", ProblemTypes.PayloadTooLarge,
                $"payload is {body.PayloadBytes} bytes; the limit of an invoke's payload is {options.Value.MaxInvokeRequestBytes} bytes.");
        }

        var outcome = await invoker.InvokeAsync(tenant.Tenant, appKey, body.ToCall(), cancellationToken);
        return outcome switch
        {
            InvokeOutcome.Answered answered => new RemoteAnswerResult(answered.Status, answered.ContentType, answered.Body),
            InvokeOutcome.UnknownApp unknown => Problems.NotFound(unknown.Detail),
            InvokeOutcome.UnknownEndpoint unknown => Problems.NotFound(unknown.Detail),
            InvokeOutcome.Refused refused => Problems.Validation(refused.Path, refused.Detail),
            InvokeOutcome.NoAnswer failed => Problems.Status(StatusCodes.Status502BadGateway, "The remote did not answer", ProblemTypes.RemoteUnavailable, failed.Detail),
            InvokeOutcome.TimedOut timedOut => Problems.Status(StatusCodes.Status504GatewayTimeout, "The remote timed out", ProblemTypes.RemoteTimeout, timedOut.Detail),
            _ => throw new NotSupportedException($"Unexpected invoke outcome {outcome.GetType().Name}."),
        };
    }
}

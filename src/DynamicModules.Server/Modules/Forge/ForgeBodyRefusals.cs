using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Modules.Forge;

/// <summary>
/// Answers a Forge body that could not be bound in Forge's dialect (422, or 413 when too large) at the endpoint itself.
/// </summary>
/// <remarks>
/// Binding throws a <see cref="RequestBodyException"/>, which the exception handler answers through
/// <see cref="ErrorDialect.Of"/>; but the exception handler clears the endpoint before its handlers run, so the Forge
/// metadata is gone there and the path's default (Connect, 400) answers. Until <see cref="ErrorDialect.Of"/> also reads
/// <c>IExceptionHandlerFeature.Endpoint</c>, the refusal is answered here, where the endpoint is still known.
/// </remarks>
public static class ForgeBodyRefusals
{
    /// <summary>Wraps every endpoint of <paramref name="group"/> (after its request delegate is built).</summary>
    public static RouteGroupBuilder AnswerBodyRefusalsInForgeDialect(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ((IEndpointConventionBuilder)group).Finally(builder =>
        {
            var next = builder.RequestDelegate ?? throw new InvalidOperationException($"{builder.DisplayName} has no request delegate.");
            builder.RequestDelegate = async context =>
            {
                try
                {
                    await next(context);
                }
                catch (RequestBodyException refused) when (!context.Response.HasStarted)
                {
                    await ErrorDialect.Forge.Refused(refused).ExecuteAsync(context);
                }
            };
        });
        return group;
    }
}

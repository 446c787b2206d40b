namespace DynamicModules.Server.Hosting;

/// <summary>The liveness check load balancers and orchestrators poll.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c>.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithName("GetHealth")
            .WithSummary("Liveness check")
            .WithDescription("`{status: \"ok\"}` while the process serves requests; it does not touch the database.")
            .WithTags("Public");
        return routes;
    }

    /// <summary>Body of <c>/healthz</c>.</summary>
    public sealed record HealthResponse(string Status);
}

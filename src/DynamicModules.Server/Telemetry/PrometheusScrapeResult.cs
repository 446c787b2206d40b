namespace DynamicModules.Server.Telemetry;

/// <summary>The answer of <c>GET /metrics</c>: the Prometheus exporter writes the exposition into the response.</summary>
/// <param name="scrape">The exporter's pipeline.</param>
public sealed class PrometheusScrapeResult(RequestDelegate scrape) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => scrape(httpContext);
}

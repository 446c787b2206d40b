using DynamicModules.Server.Hosting;

namespace DynamicModules.Server.Telemetry;

/// <summary>
/// The public Prometheus scrape at <c>/metrics</c>, written by OpenTelemetry's Prometheus exporter (a pre-release, 1.20.1-beta.1,
/// the only version the package source serves). A documented minimal-API operation whose answer is the exporter's own
/// pipeline, so the OpenAPI document describes it like every other operation.
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>The media type the exporter answers with (Prometheus text exposition format 0.0.4).</summary>
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static ApiRoutes MapMetricsEndpoint(this ApiRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        // The exporter's middleware, on a branch of its own that always answers: it collects from this host's meter provider.
        var scrape = routes.Public.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null,
                optionsName: null)
            .Build();
        routes.Public.MapGet(Path, () => new PrometheusScrapeResult(scrape))
            .WithTags("Public")
            .WithName("GetMetrics")
            .WithSummary("Prometheus metrics")
            .WithDescription("Prometheus text format, no authentication. Service metrics (dynmod_registrations_total, dynmod_deliveries_total, dynmod_delivery_attempt_duration_seconds, dynmod_delivery_lag_seconds, dynmod_outbox_pending, dynmod_filter_errors_total, dynmod_module_reads_total), the standard HTTP server and client, .NET runtime and PostgreSQL client metrics. Labels never name a tenant or an app; docs/observability.md lists every metric. The outbox depth is sampled every few seconds, never counted per scrape.")
            .Produces<string>(StatusCodes.Status200OK, PrometheusText);
        return routes;
    }

    /// <summary>True for a request to the scrape path (kept out of the traces).</summary>
    public static bool IsScrape(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase);
    }
}

using DynamicModules.Server.Hosting;
using DynamicModules.Telemetry;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DynamicModules.Server.Telemetry;

/// <summary>
/// Metrics and traces with OpenTelemetry (docs/observability.md): the service's own instruments (<see cref="ServiceMetrics"/>) and
/// spans (<see cref="ServiceTracing"/>) beside the standard HTTP server and client, runtime and PostgreSQL metrics; exposed as
/// Prometheus text at <c>/metrics</c>, and sent over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryFeature
{
    /// <summary>The service name in the OpenTelemetry resource (<c>service.name</c>); <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public const string ServiceName = "dynamic-modules";

    /// <summary>The configuration key (an environment variable, as in every OpenTelemetry SDK) that turns on OTLP export.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers the meter, the outbox depth sampler and the OpenTelemetry providers with their instrumentation and exporters;
    /// JSON console logs get their scopes, so every record written inside a span carries its TraceId and SpanId.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PrometheusAspNetCoreOptions>()
            .Configure<IOptions<TelemetryOptions>>((prometheus, telemetry) =>
                prometheus.ScrapeResponseCacheDurationMilliseconds = (int)telemetry.Value.ScrapeCache.TotalMilliseconds);
        // How many tracer provider configurations this feature registers itself; set below, once they are all in, and read by the
        // sampler's factory (a captured variable) when the provider is built.
        var ownConfigurations = 0;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(ServiceMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(ServiceTracing.SourceName)
                // A scrape every few seconds would be most of the traces, and says nothing about the service.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !MetricsEndpoint.IsScrape(context.Request))
                .AddHttpClientInstrumentation()
                // With nothing to take the spans, a trace this service starts is not recorded: its spans still exist to propagate,
                // so a delivery's traceparent continues the publish's trace and log records carry the trace id, but no span is
                // tagged or enriched (8-14 us of CPU a send, docs/benchmarks.md "Round 5"). A caller's sampled decision still
                // holds (parent-based): a publish that arrives sampled is recorded, so its deliveries go out sampled too and the
                // app's own parent-based sampling keeps the trace.
                .SetSampler(_ => new ParentBasedSampler(SpansAreTaken(builder, ownConfigurations) ? new AlwaysOnSampler() : new AlwaysOffSampler())));
        // After AddOpenTelemetry: hosted services start in order, and the sampler's first act needs the meter provider running.
        builder.Services.AddHostedService<OutboxDepthSampler>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            // Traces, metrics and logs; the standard OTEL_EXPORTER_OTLP_* variables (protocol, headers, ...) configure it.
            telemetry.WithLogging().UseOtlpExporter();
        }

        ownConfigurations = TracerConfigurations(builder.Services);

        // The ActivityTrackingOptions the host sets (TraceId, SpanId, ParentId) travel as a log scope; the JSON console
        // formatter writes scopes only when asked. The simple formatter stays as it is: one line per record (DESIGN §3).
        if (builder.Configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
        {
            builder.Services.Configure<JsonConsoleFormatterOptions>(options => options.IncludeScopes = true);
        }

        return builder;
    }

    /// <summary>
    /// Whether anything takes the spans: an OTLP endpoint is set, or the tracer provider was configured beyond what this feature
    /// registers (<c>ConfigureOpenTelemetryTracerProvider</c>, which is how a host or a test adds an exporter). Read when the tracer
    /// provider is built, so after every registration.
    /// </summary>
    private static bool SpansAreTaken(WebApplicationBuilder builder, int ownConfigurations) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]) || TracerConfigurations(builder.Services) > ownConfigurations;

    // What ConfigureOpenTelemetryTracerProvider registers, one per configuration; OpenTelemetry 1.20 keeps the interface internal,
    // so it is known by name (TracingTests.OneTraceSpansThePublishTheMatchAndEachDeliveryAttempt fails if the name changes).
    private static int TracerConfigurations(IServiceCollection services) =>
        services.Count(service => service.ServiceType.FullName == "OpenTelemetry.Trace.IConfigureTracerProviderBuilder");

    /// <summary>Maps <c>/metrics</c>.</summary>
    public static ApiRoutes MapTelemetry(this ApiRoutes routes) => routes.MapMetricsEndpoint();
}

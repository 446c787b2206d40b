using System.Collections.Concurrent;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DynamicModules.Server.Tests.Telemetry;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics also go to that collector over OTLP (HTTP/protobuf here).</summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TracesAndMetricsReachTheConfiguredCollector()
    {
        var received = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        TaskCompletionSource Arrival(string path) => received.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", (HttpRequest request) =>
        {
            if (request.ContentType == "application/x-protobuf")
            {
                Arrival(request.Path).TrySetResult();
            }

            return Results.Ok();
        });
        await collector.StartAsync();
        var collectorUrl = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var host = await ServiceHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export at once instead of every few seconds: the test waits for arrivals, not for a period.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
        });
        await host.CreateTenantAsync();

        await Arrival("/v1/traces").Task.WaitAsync(Guard);
        await Arrival("/v1/metrics").Task.WaitAsync(Guard);
        // The Prometheus scrape keeps working beside it.
        PrometheusText.Parse(await host.Anonymous.GetStringAsync("metrics")).Types["dynmod_outbox_pending"].ShouldBe("gauge");
    }
}

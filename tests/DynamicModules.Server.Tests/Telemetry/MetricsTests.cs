using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Telemetry;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> read through the strict Prometheus parser after real work over HTTP: a publish, a retried and a first-time
/// delivery, a registration, module reads, a filter that fails. Each service metric has its exact name and type.
/// </summary>
[Collection(ProcessWideMeters.Name)]
public sealed class MetricsTests
{
    private const string FailingFilter = "event.issue.fields.nothing.name == 'x'";

    // Labels the exporter adds to every series (the instrumentation scope); they name the meter, never a tenant.
    private static readonly HashSet<string> ScopeLabels = ["otel_scope_name", "otel_scope_version", "otel_scope_schema_url"];

    private static readonly Dictionary<string, string> ServiceMetricTypes = new(StringComparer.Ordinal)
    {
        ["dynmod_registrations_total"] = "counter",
        ["dynmod_deliveries_total"] = "counter",
        ["dynmod_delivery_attempt_duration_seconds"] = "histogram",
        ["dynmod_delivery_lag_seconds"] = "histogram",
        ["dynmod_outbox_pending"] = "gauge",
        ["dynmod_filter_errors_total"] = "counter",
        ["dynmod_module_reads_total"] = "counter",
    };

    private static readonly HashSet<string> AllowedServiceLabels = ["dialect", "outcome", "result", "le"];

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task EveryServiceMetricHasItsTypeAndCountsTheWorkDone(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")),
            ["trigger"] = new JsonArray(EventScenario.Trigger("receive", "fn-receive", "avi:jira:created:issue",
                new JsonObject { ["expression"] = FailingFilter, ["onError"] = "RECEIVE" })),
            ["function"] = EventScenario.Functions("fn-receive"),
        });
        // The webhook's first attempt fails (retried), its second succeeds; the trigger succeeds at once.
        var webhookCalls = 0;
        scenario.App.DeliveryStatus = request => request.Path == "/hooks/created" && Interlocked.Increment(ref webhookCalls) == 1 ? 500 : 200;

        using var client = scenario.AppClient();
        var registered = await client.Http.PostAsJsonAsync(InstalledApp.DynamicPath, new JsonObject
        {
            ["webPanels"] = new JsonArray(new JsonObject
            {
                ["key"] = "panel",
                ["name"] = new JsonObject { ["value"] = "Panel" },
                ["url"] = "/panel",
                ["location"] = "atl.jira.view.issue.right.context",
            }),
        });
        registered.IsSuccessStatusCode.ShouldBeTrue(await registered.Content.ReadAsStringAsync());
        var refused = await client.Http.PostAsJsonAsync(InstalledApp.DynamicPath, new JsonObject { ["webPanels"] = new JsonArray(new JsonObject { ["key"] = "bad key!" }) });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var read = await scenario.Host.Operator.GetAsync($"api/v1/tenants/{scenario.Tenant}/modules");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var again = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{scenario.Tenant}/modules"))
        {
            again.Headers.IfNoneMatch.Add(read.Headers.ETag!);
            (await scenario.Host.Operator.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        // The first read after the registration loaded the snapshot (a miss); this one is served from it (a hit).
        (await scenario.Host.Operator.GetAsync($"api/v1/tenants/{scenario.Tenant}/modules")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scenario.Host.Operator.GetAsync("api/v1/tenants/no-such-tenant/modules")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var published = await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        published["deliveries"]!.GetValue<int>().ShouldBe(2);
        var settled = await scenario.WaitForSettledAsync(2);
        settled.ShouldAllBe(delivery => delivery!["status"]!.GetValue<string>() == "succeeded");

        var response = await scenario.Host.Anonymous.GetAsync("metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe(MetricsEndpoint.PrometheusText);
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        // Every sample belongs to a declared family, and each service metric is there with its exact name and type.
        metrics.Samples.Where(sample => metrics.FamilyTypeOf(sample.Name) is null).Select(sample => sample.Name).ShouldBeEmpty();
        foreach (var (name, type) in ServiceMetricTypes)
        {
            metrics.Types.GetValueOrDefault(name).ShouldBe(type, $"{name} should be exposed as a {type}");
        }

        metrics.Types["http_server_request_duration_seconds"].ShouldBe("histogram");
        metrics.Types["http_client_request_duration_seconds"].ShouldBe("histogram");
        metrics.Types["dotnet_gc_collections_total"].ShouldBe("counter");
        if (engine == "postgres")
        {
            metrics.Types["db_client_operation_duration_seconds"].ShouldBe("histogram");
        }

        Count(metrics, "dynmod_registrations_total", ("dialect", "connect"), ("outcome", "accepted")).ShouldBe(1);
        Count(metrics, "dynmod_registrations_total", ("dialect", "connect"), ("outcome", "invalid")).ShouldBe(1);
        Count(metrics, "dynmod_registrations_total", ("dialect", "forge"), ("outcome", "accepted")).ShouldBe(0);
        Count(metrics, "dynmod_deliveries_total", ("outcome", "succeeded")).ShouldBe(2);
        Count(metrics, "dynmod_deliveries_total", ("outcome", "retried")).ShouldBe(1);
        Count(metrics, "dynmod_deliveries_total", ("outcome", "dead")).ShouldBe(0);
        Count(metrics, "dynmod_delivery_attempt_duration_seconds_count").ShouldBe(3);
        Count(metrics, "dynmod_delivery_lag_seconds_count").ShouldBe(2);
        Count(metrics, "dynmod_filter_errors_total").ShouldBe(1);
        Count(metrics, "dynmod_module_reads_total", ("result", "hit")).ShouldBe(1);
        Count(metrics, "dynmod_module_reads_total", ("result", "not_modified")).ShouldBe(1);
        Count(metrics, "dynmod_module_reads_total", ("result", "miss")).ShouldBe(2);
        AssertCumulativeBuckets(metrics, "dynmod_delivery_attempt_duration_seconds");
        AssertCumulativeBuckets(metrics, "dynmod_delivery_lag_seconds");
        metrics.Named("http_server_request_duration_seconds_count")
            .ShouldContain(sample => sample.Labels.GetValueOrDefault("http_route") == "/api/v1/tenants/{tenant}/events");

        // No label of a service metric names a tenant or an app: only small fixed sets of values.
        var serviceSamples = metrics.Samples.Where(sample => sample.Name.StartsWith("dynmod_", StringComparison.Ordinal)).ToList();
        serviceSamples.SelectMany(sample => sample.Labels.Keys).Where(label => !ScopeLabels.Contains(label)).Distinct()
            .ShouldAllBe(label => AllowedServiceLabels.Contains(label));
        serviceSamples.SelectMany(sample => sample.Labels.Values)
            .ShouldAllBe(value => value != scenario.Tenant && value != scenario.App.Key && value != scenario.ClientKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheOutboxGaugeIsASampleNotACountPerScrape(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, new JsonObject
        {
            ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")),
        }, new Dictionary<string, string>
        {
            // No worker, so what is published stays pending; no scrape cache, so each scrape collects afresh.
            ["DynamicModules:Delivery:WorkerEnabled"] = "false",
            ["DynamicModules:Telemetry:ScrapeCache"] = "00:00:00",
        });
        var sampler = scenario.Host.App.Services.GetServices<IHostedService>().OfType<OutboxDepthSampler>().Single();
        await sampler.SampleAsync(CancellationToken.None);
        (await PendingAsync(scenario)).ShouldBe(0);

        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        (await scenario.DeliveriesAsync("?status=pending")).Count.ShouldBe(2);

        // Scraping does not count: the gauge still holds the last sample ...
        (await PendingAsync(scenario)).ShouldBe(0);
        (await PendingAsync(scenario)).ShouldBe(0);

        // ... until the next one.
        await sampler.SampleAsync(CancellationToken.None);
        (await PendingAsync(scenario)).ShouldBe(2);
    }

    [Fact]
    public async Task AScrapeCacheOutsideItsRangeStopsTheStart()
    {
        var start = () => ServiceHost.StartAsync(settings: new Dictionary<string, string> { ["DynamicModules:Telemetry:ScrapeCache"] = "00:05:00" });

        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(start);
        failure.Message.ShouldContain("DynamicModules:Telemetry:ScrapeCache");
    }

    private static async Task<double> PendingAsync(EventScenario scenario) =>
        Count(PrometheusText.Parse(await scenario.Host.Anonymous.GetStringAsync("metrics")), "dynmod_outbox_pending");

    /// <summary>The value of the one series <paramref name="name"/> whose labels, besides the scope's, are exactly these.</summary>
    private static double Count(PrometheusText metrics, string name, params (string Name, string Value)[] labels)
    {
        var matching = metrics.Named(name)
            .Where(sample => sample.Labels.Where(label => !ScopeLabels.Contains(label.Key)).OrderBy(label => label.Key)
                .SequenceEqual(labels.Select(label => KeyValuePair.Create(label.Name, label.Value)).OrderBy(label => label.Key)))
            .ToList();
        matching.Count.ShouldBe(1, $"one series {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}");
        return matching[0].Value;
    }

    /// <summary>A histogram's buckets never decrease, end at +Inf, and +Inf equals the count.</summary>
    private static void AssertCumulativeBuckets(PrometheusText metrics, string histogram)
    {
        var buckets = metrics.Named(histogram + "_bucket")
            .Select(sample => (Bound: ParseBound(sample.Labels["le"]), sample.Value)).OrderBy(bucket => bucket.Bound).ToList();
        buckets.ShouldNotBeEmpty();
        buckets.Zip(buckets.Skip(1)).ShouldAllBe(pair => pair.First.Value <= pair.Second.Value);
        buckets[^1].Bound.ShouldBe(double.PositiveInfinity);
        buckets[^1].Value.ShouldBe(Count(metrics, histogram + "_count"));
    }

    private static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
}

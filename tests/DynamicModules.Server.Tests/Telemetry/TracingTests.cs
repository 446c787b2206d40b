using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace DynamicModules.Server.Tests.Telemetry;

/// <summary>
/// Traces through the real server: one trace from the publish request through matching to every delivery attempt (captured by an
/// in-memory OpenTelemetry exporter), a <c>traceparent</c> that reaches the receiver across the outbox and a restart, lifecycle
/// callbacks in the operator request's trace, and log records that carry the trace id.
/// </summary>
public sealed class TracingTests
{
    private static JsonObject OneWebhook() => new()
    {
        ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", "/hooks/created")),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task OneTraceSpansThePublishTheMatchAndEachDeliveryAttempt(string engine)
    {
        var spans = new RecordedSpanCollection();
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook(),
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var calls = 0;
        scenario.App.DeliveryStatus = _ => Interlocked.Increment(ref calls) == 1 ? 503 : 200;

        var eventId = Guid.NewGuid().ToString();
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(), id: eventId);
        await scenario.WaitForSettledAsync(1);

        var publish = spans.Named("publish event").Single(span => (string?)span.GetTagItem("dynmod.event.id") == eventId);
        var trace = spans.OfTrace(publish.TraceId);
        var request = trace.Single(span => span.Kind == ActivityKind.Server && span.Id == publish.ParentId);
        request.GetTagItem("http.route").ShouldBe("/api/v1/tenants/{tenant}/events");
        trace.Single(span => span.DisplayName == "match subscribers").ParentSpanId.ShouldBe(publish.SpanId);

        var attempts = trace.Where(span => span.DisplayName == "delivery attempt").OrderBy(span => span.StartTimeUtc).ToList();
        attempts.Select(span => span.GetTagItem("dynmod.delivery.attempt")).ShouldBe([1, 2]);
        attempts.ShouldAllBe(span => span.ParentSpanId == publish.SpanId);
        attempts[0].Status.ShouldBe(ActivityStatusCode.Error);
        attempts[1].Status.ShouldNotBe(ActivityStatusCode.Error);

        // Each attempt's HTTP request is its child, and that is the parent the app was told of.
        var received = scenario.App.ReceivedAt("/hooks/created").ToList();
        received.Count.ShouldBe(2);
        for (var i = 0; i < attempts.Count; i++)
        {
            var send = trace.Single(span => span.Kind == ActivityKind.Client && span.ParentSpanId == attempts[i].SpanId);
            received[i].Headers["traceparent"].ShouldBe($"00-{publish.TraceId}-{send.SpanId}-01");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ATraceparentSentWithThePublishReachesTheReceiverAcrossARestart(string engine)
    {
        // Published while no worker runs; delivered by the next process, which knows the trace only from the database.
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook(),
            new Dictionary<string, string> { ["DynamicModules:Delivery:WorkerEnabled"] = "false" });
        var traceId = ActivityTraceId.CreateRandom();
        await PublishWithTraceparentAsync(scenario, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        await scenario.RestartAsync(new Dictionary<string, string> { ["DynamicModules:Delivery:WorkerEnabled"] = "true" });
        var delivered = (await scenario.WaitForRequestsAsync("/hooks/created", 1)).Single();

        var parts = delivered.Headers["traceparent"].Split('-');
        parts.Length.ShouldBe(4);
        parts[0].ShouldBe("00");
        parts[1].ShouldBe(traceId.ToString());
        parts[2].Length.ShouldBe(16);
        // Nothing exports spans in this service, yet the caller sampled the trace: the delivery says so too.
        parts[3].ShouldBe("01");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ATraceTheCallerDidNotSampleStaysUnsampled(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        var traceId = ActivityTraceId.CreateRandom();
        await PublishWithTraceparentAsync(scenario, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-00");

        var delivered = (await scenario.WaitForRequestsAsync("/hooks/created", 1)).Single();

        delivered.Headers["traceparent"].ShouldStartWith($"00-{traceId}-");
        delivered.Headers["traceparent"].ShouldEndWith("-00");
    }

    // Publishes one issue-created event as a caller that traces: with its own traceparent, from a client that adds none.
    private static async Task PublishWithTraceparentAsync(EventScenario scenario, string traceparent)
    {
        using var publish = new HttpRequestMessage(HttpMethod.Post, $"api/v1/tenants/{scenario.Tenant}/events");
        publish.Headers.Add("traceparent", traceparent);
        publish.Content = JsonContent.Create(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "avi:jira:created:issue",
            ["payload"] = EventScenario.IssuePayload(),
        });
        using var client = UntracedOperator(scenario.Host);
        ((int)(await client.SendAsync(publish)).StatusCode).ShouldBe(202);
    }

    [Fact]
    public async Task LifecycleCallbacksContinueTheOperatorRequestsTrace()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", OneWebhook(), install: false);
        var installTrace = ActivityTraceId.CreateRandom();
        using (var install = new HttpRequestMessage(HttpMethod.Post, $"api/v1/tenants/{scenario.Tenant}/apps"))
        {
            install.Headers.Add("traceparent", $"00-{installTrace}-{ActivitySpanId.CreateRandom()}-01");
            install.Content = JsonContent.Create(new { descriptorUrl = scenario.App.BaseUrl + "/atlassian-connect.json" });
            using var client = UntracedOperator(scenario.Host);
            (await client.SendAsync(install)).IsSuccessStatusCode.ShouldBeTrue();
        }

        var uninstallTrace = ActivityTraceId.CreateRandom();
        using (var uninstall = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}"))
        {
            uninstall.Headers.Add("traceparent", $"00-{uninstallTrace}-{ActivitySpanId.CreateRandom()}-01");
            using var client = UntracedOperator(scenario.Host);
            (await client.SendAsync(uninstall)).IsSuccessStatusCode.ShouldBeTrue();
        }

        TraceIdOf(scenario.App.ReceivedAt("/installed").Single()).ShouldBe(installTrace.ToString());
        TraceIdOf(scenario.App.ReceivedAt("/enabled").Single()).ShouldBe(installTrace.ToString());
        TraceIdOf(scenario.App.ReceivedAt("/uninstalled").Single()).ShouldBe(uninstallTrace.ToString());
    }

    [Fact]
    public async Task LogRecordsWrittenDuringADeliveryCarryItsTraceId()
    {
        var logs = new RecordedLogs();
        await using var scenario = await EventScenario.StartAsync("sqlite", OneWebhook(), configure: builder => builder.Logging.AddProvider(logs));
        scenario.App.DeliveryStatus = _ => 400;
        var traceId = ActivityTraceId.CreateRandom();
        await PublishWithTraceparentAsync(scenario, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        (await scenario.WaitForSettledAsync(1)).Single()!["status"]!.GetValue<string>().ShouldBe("failed");

        var gaveUp = logs.Records.Single(record => record.Category == typeof(DynamicModules.Delivery.DeliveryDispatcher).FullName && record.Level == LogLevel.Warning);
        gaveUp.Message.ShouldContain("ended failed");
        gaveUp.Scope["TraceId"]?.ToString().ShouldBe(traceId.ToString());
    }

    /// <summary>
    /// An operator client that sends the traceparent the test sets. The service's HttpClient instrumentation listens in this
    /// process too, and on a client with activity propagation would replace the header with one of the test's own request span.
    /// </summary>
    private static HttpClient UntracedOperator(ServiceHost host)
    {
        var client = new HttpClient(new DocumentedResponses(host.BaseUrl, new SocketsHttpHandler { ActivityHeadersPropagator = null }))
        {
            BaseAddress = new Uri(host.BaseUrl + "/"),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.OperatorKey);
        return client;
    }

    private static string TraceIdOf(ReceivedRequest request) => request.Headers["traceparent"].Split('-')[1];
}

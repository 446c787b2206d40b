using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using DynamicModules.Delivery;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Protocol.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DynamicModules.Benchmarks;

/// <summary>
/// One delivery's HTTP send (issue 15, goal 2): <see cref="DeliverySender.SendAsync"/> of a Connect JWT webhook, taken from the
/// server's own container (built, not listening, its OpenTelemetry providers started as the host starts them), against a bare
/// <see cref="HttpClient"/> POST of the same body and headers, both to one Kestrel receiver on 127.0.0.1 that answers 200 at once,
/// 4 requests in flight as the drain sends them (4 loops per invocation). "attempt" is the send inside the dispatcher's
/// "delivery attempt" span with its tags; "untraced" is the send in a container whose tracer provider was never started. Every
/// method runs in a process of its own (BenchmarkDotNet's default), so the bare loop's process has no listener at all.
/// </summary>
/// <remarks>
/// The receiver is in process, but its ASP.NET Core activity source, diagnostic listener and meters have names nobody
/// subscribes to, so the server's providers do not trace or measure it: every method pays the same for the receiver.
/// </remarks>
[MemoryDiagnoser]
public class DeliverySendBenchmarks : IDisposable
{
    private const int Concurrency = 4;
    private const int SendsPerLoop = 32;
    private const int Sends = Concurrency * SendsPerLoop;
    private const string HookPath = "/hooks/created";

    private WebApplication receiver = null!;
    private WebApplication? server;
    private DeliverySender sender = null!;
    private HttpClient bare = null!;
    private DeliveryWork work = null!;
    private string dataDirectory = null!;
    private byte[] bareBody = null!;
    private (string Name, string Value)[] bareHeaders = null!;

    [GlobalSetup(Target = nameof(Bare))]
    public void SetupBare()
    {
        StartReceiver();
        bare = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var now = DateTimeOffset.UtcNow;
        var body = DeliveryBody.Build(work);
        bareBody = Encoding.UTF8.GetBytes(body);
        // What DeliverySender puts on the request (the traceparent as it sends it when nothing traces in its process).
        var timestamp = now.ToUnixTimeSeconds();
        var target = new Uri(work.TargetUrl);
        var claims = new JsonObject
        {
            ["iss"] = work.ClientKey,
            ["iat"] = timestamp,
            ["exp"] = timestamp + 60,
            ["qsh"] = QueryStringHash.Compute("POST", target.AbsolutePath, target.Query, "/app"),
        };
        bareHeaders =
        [
            ("webhook-id", work.WebhookId),
            ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            ("webhook-signature", StandardWebhookSignature.Sign(work.SigningSecret, work.WebhookId, timestamp, body)),
            ("X-Atlassian-Webhook-Identifier", work.WebhookId),
            ("X-Atlassian-Webhook-Retry", "0"),
            ("traceparent", work.TraceParent!),
            ("Authorization", "JWT " + JwtSigner.SignHs256(claims, work.SharedSecret)),
        ];
    }

    [GlobalSetup(Targets = [nameof(Sender), nameof(Attempt)])]
    public void SetupSender() => SetupServer(traced: true);

    [GlobalSetup(Target = nameof(SenderUntraced))]
    public void SetupSenderUntraced() => SetupServer(traced: false);

    private void SetupServer(bool traced)
    {
        StartReceiver();
        dataDirectory = Directory.CreateTempSubdirectory("send-bench-").FullName;
        server = global::Program.BuildAsync([
            $"--DynamicModules:DataDirectory={dataDirectory}", "--DynamicModules:OperatorKey=send-bench-operator-key",
            "--Logging:LogLevel:Default=Warning",
        ]).GetAwaiter().GetResult();
        // What the host's OpenTelemetry service does when it starts; the tracer provider is registered only when it is wanted.
        _ = server.Services.GetService<MeterProvider>();
        if (traced)
        {
            _ = server.Services.GetService<TracerProvider>();
        }

        sender = server.Services.GetRequiredService<DeliverySender>();
        var result = sender.SendAsync(work, CancellationToken.None).GetAwaiter().GetResult();
        if (result.Status != DeliveryStatuses.Succeeded)
        {
            throw new InvalidOperationException($"The receiver did not take the delivery: {result.Status} {result.Error}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        bare?.Dispose();
        if (server is not null)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(dataDirectory, recursive: true);
        }

        receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The client, if <see cref="Cleanup"/> did not run.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the bare client.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            bare?.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sends, Description = "bare HttpClient POST, same body and headers")]
    public Task Bare() => Loops(BareSendAsync);

    [Benchmark(OperationsPerInvoke = Sends, Description = "DeliverySender.SendAsync")]
    public Task Sender() => Loops(SenderSendAsync);

    [Benchmark(OperationsPerInvoke = Sends, Description = "DeliverySender.SendAsync in the attempt span")]
    public Task Attempt() => Loops(AttemptSendAsync);

    [Benchmark(OperationsPerInvoke = Sends, Description = "DeliverySender.SendAsync, no tracer provider")]
    public Task SenderUntraced() => Loops(SenderSendAsync);

    /// <summary>The command-line switch of <see cref="PrintCpu"/>.</summary>
    public const string CpuSwitch = "--send-cpu";

    /// <summary>
    /// <c>--send-cpu METHOD [SECONDS]</c>: the process's CPU time (user + system, receiver included) and wall time per send of one
    /// method, after a 3 s warm-up, over SECONDS (default 10). CPU time is what the drain is short of, and it moves less than wall
    /// time on a shared machine; run each method in a process of its own, as BenchmarkDotNet does, alternating the builds.
    /// </summary>
    public static void PrintCpu(string[] args)
    {
        var index = Array.IndexOf(args, CpuSwitch);
        var method = args[index + 1];
        var seconds = index + 2 < args.Length ? double.Parse(args[index + 2], CultureInfo.InvariantCulture) : 10;
        using var bench = new DeliverySendBenchmarks();
        Func<Task> run;
        switch (method)
        {
            case nameof(Bare):
                bench.SetupBare();
                run = bench.Bare;
                break;
            case nameof(Sender):
                bench.SetupSender();
                run = bench.Sender;
                break;
            case nameof(Attempt):
                bench.SetupSender();
                run = bench.Attempt;
                break;
            case nameof(SenderUntraced):
                bench.SetupSenderUntraced();
                run = bench.SenderUntraced;
                break;
            default:
                throw new ArgumentException($"Unknown method {method}: Bare, Sender, Attempt or SenderUntraced.");
        }

        Measure(run, 3);
        var (cpu, wall, sends) = Measure(run, seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{method}: {cpu.TotalMicroseconds / sends:0.0} us CPU, {wall.TotalMicroseconds / sends:0.0} us wall per send ({sends} sends, {GC.GetTotalAllocatedBytes() / 1024 / 1024} MB allocated in all)"));
        bench.Cleanup();
    }

    private static (TimeSpan Cpu, TimeSpan Wall, long Sends) Measure(Func<Task> run, double seconds)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        long sends = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            run().GetAwaiter().GetResult();
            sends += Sends;
        }

        process.Refresh();
        return (process.TotalProcessorTime - cpu, Stopwatch.GetElapsedTime(started), sends);
    }

    private static Task Loops(Func<Task> send) => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
    {
        for (var i = 0; i < SendsPerLoop; i++)
        {
            await send();
        }
    }));

    private async Task BareSendAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, work.TargetUrl) { Content = new ByteArrayContent(bareBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in bareHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await bare.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
    }

    private async Task SenderSendAsync()
    {
        var result = await sender.SendAsync(work, CancellationToken.None);
        if (result.Status != DeliveryStatuses.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }
    }

    // The span DeliveryDispatcher.AttemptAsync puts around the send, with its tags.
    private async Task AttemptSendAsync()
    {
        using var activity = DeliveryDispatcher.StartAttemptSpan(work);
        var result = await sender.SendAsync(work, CancellationToken.None);
        DeliveryDispatcher.EndAttemptSpan(activity, result);
        if (result.Status != DeliveryStatuses.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }
    }

    private void StartReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // Names no provider subscribes to: the receiver stands for the app, which runs in a process of its own.
        builder.Services.Replace(ServiceDescriptor.Singleton(new ActivitySource("send-bench-receiver")));
        var diagnostics = new DiagnosticListener("send-bench-receiver");
        builder.Services.Replace(ServiceDescriptor.Singleton(diagnostics));
        builder.Services.Replace(ServiceDescriptor.Singleton<DiagnosticSource>(diagnostics));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMeterFactory, UnlistenedMeterFactory>());
        receiver = builder.Build();
        receiver.MapPost("/app/{**path}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return Results.Ok();
        });
        receiver.StartAsync().GetAwaiter().GetResult();
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        work = Work(address + "/app");
    }

    /// <summary>A Connect webhook delivery of the drain benchmark's event to a JWT app at <paramref name="baseUrl"/>.</summary>
    private static DeliveryWork Work(string baseUrl) => new()
    {
        Id = 1,
        TenantId = 1,
        Attempt = 1,
        ClaimToken = "bench-claim",
        LockedUntil = DateTimeOffset.MaxValue,
        WebhookId = "msg_2zGrbench0000000000000001",
        TargetUrl = baseUrl + HookPath,
        ModuleKind = SubscriptionKind.Webhook,
        ModuleKey = "created-hook",
        AppKey = "delivery-bench-app",
        EventName = "jira:issue_created",
        ExcludeBody = false,
        SelfGenerated = false,
        EventId = "evt-1",
        Payload = """{"benchSeq":1,"issue":{"id":"11","key":"PROJ-1","fields":{"summary":"Something broke","issuetype":{"name":"Bug"},"project":{"key":"PROJ","name":"PROJ project"},"labels":["customer"]}}}""",
        PublishedAt = DateTimeOffset.UtcNow,
        InstallationState = InstallationStates.Enabled,
        SharedSecret = "bench-shared-secret-of-a-realistic-length-0123456789",
        SigningSecret = "whsec_YmVuY2gtc2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXM=",
        Descriptor = $$$"""
            {"key":"delivery-bench-app","name":"Delivery benchmark app","baseUrl":"{{{baseUrl}}}","authentication":{"type":"jwt"},
             "lifecycle":{"installed":"/installed"},"scopes":["READ"],
             "modules":{"webhooks":[{"key":"created-hook","event":"jira:issue_created","url":"{{{HookPath}}}"}]}}
            """,
        InstallationId = 1,
        DescriptorVersion = 1,
        ClientKey = "send-bench-client-key",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };

    /// <summary>Meters under names no meter provider adds.</summary>
    private sealed class UnlistenedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions("send-bench-receiver." + options.Name) { Version = options.Version, Scope = this });
            lock (meters)
            {
                meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (meters)
            {
                meters.ForEach(meter => meter.Dispose());
            }
        }
    }
}

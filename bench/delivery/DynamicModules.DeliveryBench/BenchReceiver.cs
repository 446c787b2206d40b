using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DynamicModules.DeliveryBench;

/// <summary>
/// The app on loopback: serves its descriptor, answers every POST 200 at once and stamps each delivery's arrival with
/// <see cref="Stopwatch.GetTimestamp"/>, the clock the publisher stamps publish times with (same process), keyed by the
/// <c>benchSeq</c> the payload carries. Deliveries and bare-loop posts hit the same handler; only the path differs.
/// </summary>
internal sealed class BenchReceiver : IAsyncDisposable
{
    public const string AppKey = "delivery-bench-app";
    public const string BasePath = "/app";
    public const string HookPath = "/hooks/created";
    public const string BarePath = "/bare";
    private static readonly byte[] SeqMarker = Encoding.UTF8.GetBytes("\"benchSeq\":");

    private readonly WebApplication _app;
    private readonly long[] _firstArrival;
    private long _deliveries;
    private long _barePosts;
    private long _capturing;

    private BenchReceiver(WebApplication app, int capacity)
    {
        _app = app;
        _firstArrival = new long[capacity];
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + BasePath;
    }

    public string BaseUrl { get; }

    /// <summary>Deliveries received, duplicates included (at least once).</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long BarePosts => Interlocked.Read(ref _barePosts);

    /// <summary>Deliveries recorded while <see cref="Capture"/> was on: the bodies and headers the bare loop replays.</summary>
    public ConcurrentQueue<CapturedDelivery> Captured { get; } = new();

    public static async Task<BenchReceiver> StartAsync(int capacity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        BenchReceiver? self = null;
        app.MapGet(BasePath + "/atlassian-connect.json", () => Results.Text(Descriptor(self!.BaseUrl), "application/json"));
        app.MapPost(BasePath + "/{**path}", (HttpContext context, CancellationToken _) => self!.ReceiveAsync(context));
        await app.StartAsync();
        self = new BenchReceiver(app, capacity);
        return self;
    }

    /// <summary>Records the bodies and headers of the next <paramref name="count"/> deliveries.</summary>
    public void Capture(int count) => Interlocked.Exchange(ref _capturing, count);

    /// <summary>The first arrival of event <paramref name="seq"/> (Stopwatch ticks), or 0.</summary>
    public long ArrivalOf(int seq) => Volatile.Read(ref _firstArrival[seq]);

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        if (path.EndsWith(BarePath, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _barePosts);
            return Results.Ok();
        }

        if (!path.EndsWith(HookPath, StringComparison.Ordinal))
        {
            // Lifecycle callbacks (installed).
            return Results.NoContent();
        }

        Interlocked.Increment(ref _deliveries);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (ReadSeq(body) is { } seq && seq < _firstArrival.Length)
        {
            Interlocked.CompareExchange(ref _firstArrival[seq], arrived, 0);
        }

        if (Interlocked.Read(ref _capturing) > 0 && Interlocked.Decrement(ref _capturing) >= 0)
        {
            var headers = context.Request.Headers
                .Where(header => header.Key.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase)
                    || header.Key.StartsWith("X-Atlassian-", StringComparison.OrdinalIgnoreCase)
                    || header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                .Select(header => (header.Key, header.Value.ToString())).ToList();
            Captured.Enqueue(new CapturedDelivery(body.ToArray(), headers));
        }

        return Results.Ok();
    }

    private static int? ReadSeq(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(SeqMarker);
        if (at < 0)
        {
            return null;
        }

        var value = 0;
        var digits = body[(at + SeqMarker.Length)..];
        var i = 0;
        for (; i < digits.Length && digits[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = (value * 10) + (digits[i] - '0');
        }

        return i == 0 ? null : value;
    }

    private static string Descriptor(string baseUrl) =>
        $$$"""
        {"key":"{{{AppKey}}}","name":"Delivery benchmark app","baseUrl":"{{{baseUrl}}}","authentication":{"type":"jwt"},
         "apiMigrations":{"signed-install":true},"lifecycle":{"installed":"/installed"},"scopes":["READ"],
         "modules":{"webhooks":[{"key":"created-hook","event":"jira:issue_created","url":"{{{HookPath}}}"}]}}
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One delivery as the app received it.</summary>
internal sealed record CapturedDelivery(byte[] Body, IReadOnlyList<(string Name, string Value)> Headers);

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// A Connect app on a random loopback port: serves its descriptor and translations, answers lifecycle
/// callbacks with a chosen status, and records every request it receives, with the checks a careful
/// app makes on signed installs (RS256 signature against the service's key server, iss, aud, qsh).
/// </summary>
public sealed class FakeConnectApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly HttpClient _keyClient = new();

    private FakeConnectApp(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + BasePath;
    }

    /// <summary>The app's base path; not empty on purpose, so URL joining and qsh stripping are exercised.</summary>
    public const string BasePath = "/connect";

    public string BaseUrl { get; }

    public string Key { get; set; } = "fake-app-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Status the app answers to lifecycle callbacks, by event type (default 204).</summary>
    public ConcurrentDictionary<string, int> LifecycleStatus { get; } = new();

    /// <summary>Status for any other POST (webhooks), default 200.</summary>
    public Func<ReceivedRequest, int> DeliveryStatus { get; set; } = _ => 200;

    /// <summary>The body of answers to other requests, with its media type; none when null (the default).</summary>
    public Func<ReceivedRequest, (string MediaType, string Body)?> DeliveryAnswer { get; set; } = _ => null;

    /// <summary>Extra headers for answers to other POSTs (e.g. Retry-After).</summary>
    public Func<ReceivedRequest, IDictionary<string, string>?> DeliveryHeaders { get; set; } = _ => null;

    /// <summary>
    /// Awaited before any other POST is answered, with the request's abort token: lets a test make the app slow or hang
    /// (a hang ends when the sender gives up and closes the connection).
    /// </summary>
    public Func<ReceivedRequest, CancellationToken, Task> BeforeDeliveryAnswer { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Translations served at /i18n/en_US.json.</summary>
    public JsonObject Translations { get; set; } = new() { ["greeting"] = "Hello from translations" };

    /// <summary>The service whose /connect-keys the app trusts.</summary>
    public string? KeyServer { get; set; }

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<FakeConnectApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeConnectApp? self = null;
        app.MapGet(BasePath + "/atlassian-connect.json", () => Results.Json(self!.Descriptor()));
        app.MapGet(BasePath + "/i18n/en_US.json", () => Results.Json(self!.Translations));
        // A second parameter keeps this a route handler: HttpContext alone binds as a RequestDelegate and drops the IResult.
        app.MapPost(BasePath + "/{**path}", (HttpContext context, CancellationToken _) => self!.ReceiveAsync(context));
        // Forge remotes (under /forge) are invoked with any method (invokeRemote); elsewhere only POSTs are answered.
        app.MapMethods(BasePath + "/forge/{**path}", ["GET", "PUT", "PATCH", "DELETE"], (HttpContext context, CancellationToken _) => self!.ReceiveAsync(context));
        await app.StartAsync();
        self = new FakeConnectApp(app);
        return self;
    }

    /// <summary>Static modules of the descriptor; tests change them to exercise upgrades.</summary>
    public JsonObject Modules { get; set; } = new()
    {
        ["webItems"] = new JsonArray(new JsonObject
        {
            ["key"] = "static-item",
            ["location"] = "system.top.navigation.bar",
            ["url"] = "/static-item",
            ["name"] = new JsonObject { ["value"] = "Static item" },
        }),
    };

    public JsonArray Scopes { get; set; } = ["READ", "WRITE"];

    public JsonObject Descriptor() => new()
    {
        ["key"] = Key,
        ["name"] = "Fake app",
        ["baseUrl"] = BaseUrl,
        ["authentication"] = new JsonObject { ["type"] = "jwt" },
        ["apiMigrations"] = new JsonObject { ["signed-install"] = true },
        ["lifecycle"] = new JsonObject
        {
            ["installed"] = "/installed",
            ["uninstalled"] = "/uninstalled",
            ["enabled"] = "/enabled",
            ["disabled"] = "/disabled",
        },
        ["scopes"] = Scopes.DeepClone(),
        ["translations"] = new JsonObject { ["paths"] = new JsonObject { ["en-US"] = "/i18n/en_US.json" } },
        ["modules"] = Modules.DeepClone(),
    };

    /// <summary>The last install payload's shared secret.</summary>
    public string SharedSecret => Received.Last(r => r.Path == "/installed" && r.Body?["sharedSecret"] is not null).Body!["sharedSecret"]!.GetValue<string>();

    public IEnumerable<ReceivedRequest> ReceivedAt(string path) => Received.Where(r => r.Path == path);

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var path = rawPath.StartsWith(BasePath, StringComparison.Ordinal) ? rawPath[BasePath.Length..] : rawPath;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        JsonObject? body = null;
        try
        {
            body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("JWT ", StringComparison.Ordinal) ? authorization[4..] : null;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(context.Request.Method, path, rawPath, queryStart < 0 ? null : rawTarget[queryStart..], headers, text, body, token,
            DateTimeOffset.UtcNow);
        if (path is "/installed" or "/uninstalled")
        {
            received.SignatureProblem = await CheckSignedInstallAsync(received);
        }

        _received.Enqueue(received);
        var eventType = path.TrimStart('/');
        if (path is "/installed" or "/uninstalled" or "/enabled" or "/disabled")
        {
            return Results.StatusCode(LifecycleStatus.GetValueOrDefault(eventType, 204));
        }

        await BeforeDeliveryAnswer(received, context.RequestAborted);
        foreach (var (name, value) in DeliveryHeaders(received) ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        return DeliveryAnswer(received) is { } answer
            ? Results.Text(answer.Body, answer.MediaType, statusCode: DeliveryStatus(received))
            : Results.StatusCode(DeliveryStatus(received));
    }

    /// <summary>What ACE checks on a signed install (connect.md §3.4 and §5.2); null when all is well.</summary>
    private async Task<string?> CheckSignedInstallAsync(ReceivedRequest request)
    {
        if (request.Token is null)
        {
            return "no JWT";
        }

        if (!JwsToken.TryParse(request.Token, out var jws, out var failure))
        {
            return "no parsable JWT: " + failure;
        }

        if (jws!.Algorithm != "RS256" || jws.KeyId is null)
        {
            return "not RS256 with a kid";
        }

        var pem = await _keyClient.GetStringAsync($"{KeyServer}/connect-keys/{jws.KeyId}");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        if (!jws.VerifyRs256(rsa))
        {
            return "bad RS256 signature";
        }

        var claims = jws.Claims;
        if (claims.GetProperty("iss").GetString() != request.Body?["clientKey"]?.GetValue<string>())
        {
            return "iss is not the payload clientKey";
        }

        if (claims.GetProperty("aud")[0].GetString() != BaseUrl)
        {
            return "aud is not the app base URL";
        }

        var expected = QueryStringHash.Compute("POST", request.RawPath, request.RawQuery, BasePath);
        if (claims.GetProperty("qsh").GetString() != expected)
        {
            return "qsh mismatch";
        }

        var exp = claims.GetProperty("exp").GetInt64();
        return exp < DateTimeOffset.UtcNow.ToUnixTimeSeconds() || exp > DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds()
            ? "exp not short and in the future"
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        _keyClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the fake app received.</summary>
public sealed record ReceivedRequest(
    string Method,
    string Path, string RawPath, string? RawQuery, IReadOnlyDictionary<string, string> Headers, string Text, JsonObject? Body, string? Token,
    DateTimeOffset At)
{
    /// <summary>For signed installs: why the app would refuse it, or null.</summary>
    public string? SignatureProblem { get; set; }
}

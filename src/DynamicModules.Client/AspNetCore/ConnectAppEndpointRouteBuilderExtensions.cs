using System.Text;
using System.Text.Json;
using DynamicModules.Client.Verification;
using DynamicModules.Protocol.Connect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamicModules.Client.AspNetCore;

/// <summary>Maps a Connect app's descriptor, lifecycle and delivery endpoints; every request from the service is verified first.</summary>
public static class ConnectAppEndpointRouteBuilderExtensions
{
    private const string NotFromService = "The request is not from the Dynamic Modules service.";

    /// <summary>
    /// Maps <c>GET /atlassian-connect.json</c> and the lifecycle callbacks: <c>installed</c> (RS256-verified against the
    /// service's <c>/connect-keys/{kid}</c>, then the clientKey, shared secret, base URL and webhook signing secret are
    /// stored), <c>uninstalled</c> (RS256-verified, forgets the installation), <c>enabled</c>/<c>disabled</c> (Connect
    /// JWT-verified). A request that fails verification is answered 401 and changes nothing.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    public static IEndpointRouteBuilder MapConnectApp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/atlassian-connect.json", (ConnectApp app) => Results.Json(app.Descriptor()));
        endpoints.MapPost("/installed", (HttpContext context, ConnectApp app, ServiceRequestVerifier verifier) => InstalledAsync(context, app, verifier));
        endpoints.MapPost("/uninstalled", (HttpContext context, ConnectApp app, ServiceRequestVerifier verifier) => UninstalledAsync(context, app, verifier));
        endpoints.MapPost("/enabled", (HttpContext context, ConnectApp app, ServiceRequestVerifier verifier) => SetEnabledAsync(context, app, verifier, true));
        endpoints.MapPost("/disabled", (HttpContext context, ConnectApp app, ServiceRequestVerifier verifier) => SetEnabledAsync(context, app, verifier, false));
        return endpoints;
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> for event deliveries: the Connect JWT (HS256 with the installation's shared secret, qsh of
    /// this request) and the Standard Webhooks signature (with the installation's signing secret) must both verify, else
    /// 401 and <paramref name="handler"/> is not called. Deliveries for disabled or unknown installations are refused too.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, relative to the app's base URL (the path a descriptor function's <c>url</c> names).</param>
    /// <param name="handler">Handles a verified delivery; its result is the answer (2xx acknowledges, others make the service retry).</param>
    public static RouteHandlerBuilder MapConnectDelivery(
        this IEndpointRouteBuilder endpoints, string pattern, Func<ConnectDelivery, CancellationToken, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapPost(pattern, (HttpContext context, ConnectApp app, ServiceRequestVerifier verifier) =>
            DeliveryAsync(context, app, verifier, handler));
    }

    private static async Task<IResult> InstalledAsync(HttpContext context, ConnectApp app, ServiceRequestVerifier verifier)
    {
        var (text, refusal) = await ReadBodyAsync(context, app.Options.MaxBodyBytes);
        if (refusal is not null)
        {
            return refusal;
        }

        using var body = TryParse(text);
        var payload = body?.RootElement;
        var clientKey = Text(payload, "clientKey");
        var verified = await verifier.VerifyInstallCallbackAsync(Token(context), Line(context), app.BaseUrl, clientKey, context.RequestAborted);
        if (!verified.Succeeded)
        {
            return Unauthorized(context, "installed", verified.Failure);
        }

        if (Text(payload, "sharedSecret") is not { Length: > 0 } sharedSecret || Text(payload, "baseUrl") is not { Length: > 0 } baseUrl
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            return Results.BadRequest(new { message = "The install payload needs clientKey, sharedSecret and an absolute baseUrl." });
        }

        // Verified RS256 from the service, so a reinstall may replace what an earlier install stored.
        await app.Installations.SaveAsync(
            new ConnectInstallation(verified.ClientKey, Text(payload, "key") ?? app.Options.Key, sharedSecret, baseUrl, Text(payload, "webhookSigningSecret")),
            context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> UninstalledAsync(HttpContext context, ConnectApp app, ServiceRequestVerifier verifier)
    {
        var (text, refusal) = await ReadBodyAsync(context, app.Options.MaxBodyBytes);
        if (refusal is not null)
        {
            return refusal;
        }

        using var body = TryParse(text);
        var verified = await verifier.VerifyInstallCallbackAsync(
            Token(context), Line(context), app.BaseUrl, Text(body?.RootElement, "clientKey"), context.RequestAborted);
        if (!verified.Succeeded)
        {
            return Unauthorized(context, "uninstalled", verified.Failure);
        }

        await app.Installations.RemoveAsync(verified.ClientKey, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> SetEnabledAsync(HttpContext context, ConnectApp app, ServiceRequestVerifier verifier, bool enabled)
    {
        var (_, refusal) = await ReadBodyAsync(context, app.Options.MaxBodyBytes);
        if (refusal is not null)
        {
            return refusal;
        }

        var verified = await verifier.VerifyConnectJwtAsync(Token(context), Line(context), app.BaseUrl, SecretOf(app, requireEnabled: false), context.RequestAborted);
        if (!verified.Succeeded)
        {
            return Unauthorized(context, enabled ? "enabled" : "disabled", verified.Failure);
        }

        var installation = await app.Installations.FindAsync(verified.ClientKey, context.RequestAborted);
        if (installation is not null)
        {
            await app.Installations.SaveAsync(installation with { Enabled = enabled }, context.RequestAborted);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> DeliveryAsync(
        HttpContext context, ConnectApp app, ServiceRequestVerifier verifier, Func<ConnectDelivery, CancellationToken, Task<IResult>> handler)
    {
        var (text, refusal) = await ReadBodyAsync(context, app.Options.MaxBodyBytes);
        if (refusal is not null)
        {
            return refusal;
        }

        var verified = await verifier.VerifyConnectJwtAsync(Token(context), Line(context), app.BaseUrl, SecretOf(app, requireEnabled: true), context.RequestAborted);
        if (!verified.Succeeded)
        {
            return Unauthorized(context, "delivery", verified.Failure);
        }

        var installation = await app.Installations.FindAsync(verified.ClientKey, context.RequestAborted);
        if (installation?.WebhookSigningSecret is not { Length: > 0 } signingSecret)
        {
            return Unauthorized(context, "delivery", "the installation has no webhook signing secret");
        }

        var headers = context.Request.Headers;
        var webhookId = headers["webhook-id"].ToString();
        var signatureFailure = verifier.VerifyWebhookSignature(
            signingSecret, webhookId, headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), text);
        if (signatureFailure is not null)
        {
            return Unauthorized(context, "delivery", signatureFailure);
        }

        using var body = TryParse(text);
        if (body is null)
        {
            return Results.BadRequest(new { message = "The delivery body is not JSON." });
        }

        return await handler(new ConnectDelivery(installation, webhookId, body.RootElement.Clone(), text), context.RequestAborted);
    }

    private static Func<string, CancellationToken, ValueTask<string?>> SecretOf(ConnectApp app, bool requireEnabled) =>
        async (clientKey, cancellationToken) =>
            await app.Installations.FindAsync(clientKey, cancellationToken) is { } installation && (installation.Enabled || !requireEnabled)
                ? installation.SharedSecret
                : null;

    private static IResult Unauthorized(HttpContext context, string what, string failure)
    {
        // The reason is for the app's operator only; the sender learns nothing from it.
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DynamicModules.Client.AspNetCore");
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Refused a {What} request: {Failure}", what, failure);
        }

        return Results.Json(new { message = NotFromService }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static string? Token(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("JWT ", StringComparison.Ordinal) ? authorization[4..].Trim() : null;
    }

    // qsh covers the request as it was on the wire, not the decoded Request.Path.
    private static RequestLine Line(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.PathBase + context.Request.Path).ToString();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0
            ? new RequestLine(context.Request.Method, rawTarget, null)
            : new RequestLine(context.Request.Method, rawTarget[..queryStart], rawTarget[queryStart..]);
    }

    private static async Task<(string Text, IResult? Refusal)> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return ("", TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ("", TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static IResult TooLarge(int maxBytes) =>
        Results.Json(new { message = $"The body is larger than {maxBytes} bytes." }, statusCode: StatusCodes.Status413PayloadTooLarge);

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;
}

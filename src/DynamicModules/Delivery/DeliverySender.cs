using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.ForgeRemote;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Protocol.Webhooks;
using Microsoft.Extensions.Options;

namespace DynamicModules.Delivery;

/// <summary>
/// Makes one attempt of a delivery: checks the app is still enabled and the target still under its base URL,
/// then POSTs the body with a Connect JWT (HS256 with the shared secret, <c>iss</c> = clientKey, <c>qsh</c> of
/// the path relative to the app base URL) for JWT apps, or the Forge Remote contract (FIT, tokens, Forge body) for a
/// trigger whose target is an endpoint, and Standard Webhooks headers for all, and says what happens next.
/// </summary>
public sealed class DeliverySender(
    IHttpClientFactory httpClientFactory, IOptions<DeliveryOptions> options, TimeProvider time, AppDescriptorCache descriptors,
    ForgeRemoteCalls forgeRemote)
{
    /// <summary>The named HttpClient deliveries use (no redirects: a redirect could leave the app's base URL).</summary>
    public const string HttpClientName = "event-deliveries";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(60);
    private const int SnippetLength = 500;

    /// <summary>
    /// Why <paramref name="work"/> must not be sent at all (the app is no longer enabled, or the target left its base URL), as
    /// the final outcome; null when it may be sent. Checked before an attempt begins, so a refusal is not an attempt.
    /// </summary>
    public AttemptResult? Refusal(DeliveryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Forge's uninstalled event is the one request an app gets after it stopped being enabled.
        if (work.InstallationState != InstallationStates.Enabled
            && !(work.EventName == ForgeLifecycleEvents.Uninstalled && work.InstallationState == InstallationStates.Uninstalled))
        {
            // A disabled or uninstalled app receives no events (DESIGN §4.2); what was queued for it is not held back
            // for later but failed, visibly, and the operator can replay it after re-enabling the app.
            return Final(DeliveryStatuses.Failed, $"not sent: the app is {work.InstallationState}");
        }

        var (baseUrl, _, _) = ReadApp(work);
        return baseUrl is null || !DeliveryTarget.IsUnderBaseUrl(work.TargetUrl, baseUrl)
            ? Final(DeliveryStatuses.Dead, $"refused: '{work.TargetUrl}' is not under the app base URL {baseUrl}")
            : null;
    }

    /// <summary>
    /// Sends <paramref name="work"/> once (its attempt has begun and <see cref="Refusal"/> found nothing) and returns the
    /// outcome; never throws for the app's failures. The request is abandoned after <see cref="DeliveryOptions.Timeout"/>
    /// on the service clock.
    /// </summary>
    public async Task<AttemptResult> SendAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var settings = options.Value;
        var (appBaseUrl, usesJwt, endpoint) = ReadApp(work);
        var baseUrl = appBaseUrl ?? throw new InvalidOperationException($"Delivery {work.Id} has no app base URL; Refusal should have caught it.");
        var body = endpoint is null ? DeliveryBody.Build(work) : ForgeEventBody.Build(work);
        var now = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, work.TargetUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", work.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(work.SigningSecret, work.WebhookId, timestamp, body));
        // Jira's own de-duplication headers, for Connect apps written against them.
        request.Headers.Add("X-Atlassian-Webhook-Identifier", work.WebhookId);
        request.Headers.Add("X-Atlassian-Webhook-Retry", (work.Attempt - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Activity.Current is null && work.TraceParent is not null)
        {
            // Nobody traces in this process (no span, so HttpClient adds no traceparent): the request still continues the
            // publish request's trace, as DESIGN §4.4 promises every delivery does.
            request.Headers.TryAddWithoutValidation("traceparent", work.TraceParent);
            if (work.TraceState is not null)
            {
                request.Headers.TryAddWithoutValidation("tracestate", work.TraceState);
            }
        }

        if (endpoint is not null)
        {
            await forgeRemote.ApplyToDeliveryAsync(request, work, Descriptor(work), endpoint, cancellationToken);
        }
        else if (usesJwt)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("JWT", ConnectToken(work, request.RequestUri!, baseUrl, now));
        }

        using var deadline = new CancellationTokenSource(settings.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var snippet = await ReadSnippetAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var duration = Stopwatch.GetElapsedTime(started);
            if (status is >= 200 and < 300)
            {
                return new AttemptResult(DeliveryStatuses.Succeeded, null, status, null, now, duration, snippet);
            }

            if (!RetryPolicy.IsRetryable(status))
            {
                return new AttemptResult(DeliveryStatuses.Failed, null, status, $"HTTP {status}: not retried", now, duration, snippet);
            }

            var retryAfter = RetryPolicy.ReadRetryAfter(response.Headers, time.GetUtcNow());
            return Retry(work, settings, $"HTTP {status}", status, retryAfter, now, duration, snippet);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Retry(work, settings, $"no answer within {settings.Timeout.TotalSeconds:0.###} s", null, null, now,
                Stopwatch.GetElapsedTime(started), null);
        }
        catch (HttpRequestException exception)
        {
            return Retry(work, settings, "connection failed: " + exception.Message, null, null, now, Stopwatch.GetElapsedTime(started), null);
        }
    }

    private AttemptResult Retry(
        DeliveryWork work, DeliveryOptions settings, string error, int? status, TimeSpan? retryAfter, DateTimeOffset startedAt,
        TimeSpan duration, string? snippet)
    {
        if (work.Attempt >= settings.MaxAttempts)
        {
            return new AttemptResult(DeliveryStatuses.Dead, null, status, $"{error}; gave up after {work.Attempt} attempts", startedAt,
                duration, snippet);
        }

        var delay = new RetryPolicy(settings).DelayAfter(work.Attempt, retryAfter);
        return new AttemptResult(DeliveryStatuses.Pending, time.GetUtcNow() + delay, status, error, startedAt, duration, snippet);
    }

    private static AttemptResult Final(string status, string error) => new(status, null, null, error, null, TimeSpan.Zero, null);

    // The target is the request's own URI, parsed once for both.
    private static string ConnectToken(DeliveryWork work, Uri target, string baseUrl, DateTimeOffset now)
    {
        var claims = new JsonObject
        {
            ["iss"] = work.ClientKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute("POST", target.AbsolutePath, target.Query, new Uri(baseUrl).AbsolutePath.TrimEnd('/')),
        };
        return JwtSigner.SignHs256(claims, work.SharedSecret);
    }

    private static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            // Most apps answer a delivery with an empty 2xx: nothing to read, and no buffer to take.
            return null;
        }

        // Read only the start: an app answering with megabytes must not cost us megabytes.
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(SnippetLength * 4);
        try
        {
            var read = 0;
            int count;
            while (read < SnippetLength * 4 && (count = await stream.ReadAsync(buffer.AsMemory(read, (SnippetLength * 4) - read), cancellationToken)) > 0)
            {
                read += count;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return text.Length == 0 ? null : text.Length <= SnippetLength ? text : text[..SnippetLength];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The descriptor of one installation version is parsed once and shared with registration and subscription loading.
    private AppDescriptor Descriptor(DeliveryWork work) => descriptors.Get(work.InstallationId, work.DescriptorVersion, work.Descriptor);

    // A trigger aimed at an endpoint's route is a request to a Forge remote, which must stay under that remote's base URL.
    private (string? BaseUrl, bool UsesJwt, AppDescriptorEndpoint? Endpoint) ReadApp(DeliveryWork work)
    {
        var descriptor = Descriptor(work);
        var endpoint = work.ModuleKind == SubscriptionKind.Trigger ? ForgeRemoteCalls.EndpointAt(descriptor, work.TargetUrl) : null;
        var appBaseUrl = endpoint is null ? descriptor.BaseUrl : descriptor.RemoteBaseUrl(endpoint);
        var baseUrl = string.IsNullOrEmpty(appBaseUrl) ? null : appBaseUrl.TrimEnd('/');
        return (baseUrl, !string.Equals(descriptor.AuthenticationType, "none", StringComparison.OrdinalIgnoreCase), endpoint);
    }
}

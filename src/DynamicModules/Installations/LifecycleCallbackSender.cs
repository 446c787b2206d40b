using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Modules;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Telemetry;

namespace DynamicModules.Installations;

/// <summary>
/// Sends lifecycle callbacks to apps (specs/connect.md §3): <c>installed</c> and <c>uninstalled</c> signed
/// RS256 with the service key (<c>kid</c> header, <c>aud</c> = app base URL), <c>enabled</c> and
/// <c>disabled</c> signed HS256 with the installation's shared secret. Always <c>iss</c> = clientKey and a
/// <c>qsh</c> of the callback path relative to the app base URL. Each callback is a span of the operator request's trace, so
/// the request carries a W3C <c>traceparent</c> continuing it.
/// </summary>
public sealed class LifecycleCallbackSender(IHttpClientFactory httpClientFactory, ConnectSigningKey signingKey, TimeProvider time)
{
    /// <summary>The named HttpClient apps are called with (no redirects: a redirect could leave the app's host).</summary>
    public const string HttpClientName = "app-callbacks";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(3);

    /// <summary>POSTs <paramref name="payload"/> to the app's callback for <paramref name="path"/>.</summary>
    /// <param name="appBaseUrl">The app's base URL from its descriptor.</param>
    /// <param name="path">The lifecycle path, relative to the base URL.</param>
    /// <param name="payload">The lifecycle payload.</param>
    /// <param name="clientKey">The tenant's clientKey (the token issuer).</param>
    /// <param name="sharedSecret">Null for RS256 signing (installed, uninstalled); the shared secret for HS256.</param>
    /// <param name="timeout">How long to wait for the app.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<LifecycleCallbackResult> SendAsync(
        string appBaseUrl, string path, JsonObject payload, string clientKey, string? sharedSecret, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var url = AppRelativeUrl.Join(appBaseUrl, path);
        using var activity = ServiceTracing.Source.StartActivity("lifecycle callback", ActivityKind.Internal);
        activity?.SetTag("dynmod.lifecycle.event", payload["eventType"]?.ToString());
        activity?.SetTag("url.full", url);
        var queryStart = path.IndexOf('?', StringComparison.Ordinal);
        var now = time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = clientKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute(
                "POST", queryStart < 0 ? path : path[..queryStart], queryStart < 0 ? null : path[queryStart..]),
        };
        string token;
        if (sharedSecret is null)
        {
            claims["aud"] = new JsonArray(appBaseUrl);
            token = JwtSigner.SignRs256(claims, signingKey.Rsa, signingKey.KeyId);
        }
        else
        {
            token = JwtSigner.SignHs256(claims, sharedSecret);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("JWT", token);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, timeoutSource.Token);
            var body = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            var status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            if (status is < 200 or >= 300)
            {
                activity.Fail($"HTTP {status}");
            }

            return new LifecycleCallbackResult(url, status, Shorten(body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            activity.Fail("no answer");
            return new LifecycleCallbackResult(url, null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception)
        {
            activity.Fail(exception.Message);
            return new LifecycleCallbackResult(url, null, exception.Message);
        }
    }

    private static string Shorten(string body)
    {
        var trimmed = body.Trim();
        return trimmed.Length == 0 ? "(empty body)" : trimmed.Length <= 300 ? trimmed : trimmed[..300] + "…";
    }
}

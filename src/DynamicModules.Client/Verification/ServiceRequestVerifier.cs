using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Forge;
using DynamicModules.Protocol.Webhooks;

namespace DynamicModules.Client.Verification;

/// <summary>
/// Verifies what a Dynamic Modules service sends an app: signed install callbacks (RS256 against
/// <c>/connect-keys/{kid}</c>), Connect JWT deliveries and callbacks (HS256 with the installation's shared secret),
/// Standard Webhooks signatures, and Forge Invocation Tokens (RS256 against the JWKS). Each method answers null when
/// the request is authentic, else why not (for logs; answer the sender 401 without it).
/// </summary>
/// <param name="keys">The service's keys.</param>
/// <param name="timeProvider">The clock for token lifetimes and webhook timestamps; the system clock when null.</param>
public sealed class ServiceRequestVerifier(ServiceKeys keys, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Verifies a signed <c>installed</c>/<c>uninstalled</c> callback; on success the result names the clientKey.</summary>
    /// <param name="token">The <c>Authorization: JWT</c> token.</param>
    /// <param name="request">The request line as received.</param>
    /// <param name="appBaseUrl">The app's descriptor <c>baseUrl</c>.</param>
    /// <param name="payloadClientKey">The body's <c>clientKey</c>.</param>
    /// <param name="cancellationToken">Cancels a key fetch.</param>
    public ValueTask<LifecycleCallbackValidationResult> VerifyInstallCallbackAsync(
        string? token, RequestLine request, string appBaseUrl, string? payloadClientKey, CancellationToken cancellationToken) =>
        new LifecycleCallbackValidator(_time).ValidateAsync(token, request, appBaseUrl, payloadClientKey, keys.ConnectKeyAsync, cancellationToken);

    /// <summary>Verifies a Connect JWT the service sent (deliveries, <c>enabled</c>/<c>disabled</c>).</summary>
    /// <param name="token">The <c>Authorization: JWT</c> token.</param>
    /// <param name="request">The request line as received.</param>
    /// <param name="appBaseUrl">The app's descriptor <c>baseUrl</c>.</param>
    /// <param name="findSharedSecret">The shared secret stored for a clientKey, or null.</param>
    /// <param name="cancellationToken">Passed to <paramref name="findSharedSecret"/>.</param>
    public ValueTask<HostJwtValidationResult> VerifyConnectJwtAsync(
        string? token, RequestLine request, string appBaseUrl, Func<string, CancellationToken, ValueTask<string?>> findSharedSecret,
        CancellationToken cancellationToken) =>
        new HostJwtValidator(_time).ValidateAsync(token, request, new Uri(appBaseUrl).AbsolutePath.TrimEnd('/'), findSharedSecret, cancellationToken);

    /// <summary>Why the Standard Webhooks headers do not authenticate <paramref name="body"/>, or null when they do.</summary>
    /// <param name="signingSecret">The installation's <c>whsec_</c> secret (<c>webhookSigningSecret</c> of the install payload).</param>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw body.</param>
    public string? VerifyWebhookSignature(string signingSecret, string? webhookId, string? timestamp, string? signature, string body) =>
        StandardWebhookSignature.Verify(signingSecret, webhookId, timestamp, body, signature, _time.GetUtcNow());

    /// <summary>Verifies a Forge Invocation Token for <paramref name="appId"/>, refetching the JWKS once when it names an unknown key.</summary>
    /// <param name="token">The <c>Authorization: Bearer</c> token.</param>
    /// <param name="appId">The app id (<c>ari:cloud:ecosystem::app/…</c>).</param>
    /// <param name="cancellationToken">Cancels a JWKS fetch.</param>
    public async ValueTask<ForgeInvocationTokenValidationResult> VerifyInvocationTokenAsync(string? token, string appId, CancellationToken cancellationToken)
    {
        var validator = new ForgeInvocationTokenValidator(_time);
        var keySet = await keys.KeySetAsync(refresh: false, cancellationToken);
        if (keySet is not null)
        {
            var result = validator.Validate(token, keySet, appId);
            if (!result.UnknownKey)
            {
                return result;
            }
        }

        keySet = await keys.KeySetAsync(refresh: true, cancellationToken);
        return keySet is null
            ? ForgeFailure(validator, token, appId)
            : validator.Validate(token, keySet, appId);
    }

    // No key set could be fetched: validate against an empty one, which fails with the token's own first problem.
    private static ForgeInvocationTokenValidationResult ForgeFailure(ForgeInvocationTokenValidator validator, string? token, string appId)
    {
        return DynamicModules.Protocol.Jose.JsonWebKeySet.TryParse("{\"keys\":[]}", out var empty, out var failure)
            ? validator.Validate(token, empty, appId)
            : throw new InvalidOperationException(failure);
    }
}

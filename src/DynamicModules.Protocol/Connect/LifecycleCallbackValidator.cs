using System.Security.Cryptography;
using System.Text;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Connect;

/// <summary>
/// Verifies a signed <c>installed</c> or <c>uninstalled</c> callback as a careful app does (connect.md §3.4): RS256 with
/// a <c>kid</c> whose public key the service publishes at <c>/connect-keys/{kid}</c>, <c>iss</c> = the payload's
/// clientKey, <c>aud</c> naming the app's base URL, <c>qsh</c> of the request relative to that base URL, and a short
/// lifetime.
/// </summary>
/// <param name="timeProvider">The clock for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</param>
public sealed class LifecycleCallbackValidator(TimeProvider timeProvider)
{
    /// <summary>Clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>kid</c> accepted; it becomes part of the key URL, so it is also limited to URL-safe characters.</summary>
    public const int MaxKeyIdLength = 128;

    private static readonly System.Buffers.SearchValues<char> KeyIdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>Validates <paramref name="token"/> for <paramref name="request"/>. Never throws on bad input.</summary>
    /// <param name="token">The token from <c>Authorization: JWT …</c>.</param>
    /// <param name="request">The request as received.</param>
    /// <param name="appBaseUrl">The app's descriptor <c>baseUrl</c>.</param>
    /// <param name="payloadClientKey">The <c>clientKey</c> of the callback body, which <c>iss</c> must equal.</param>
    /// <param name="findPublicKey">
    /// Returns the service's public key for a <c>kid</c> (the caller owns and may cache it), or null when there is none.
    /// Called at most once, only with a well-formed <c>kid</c> of a token that passed the structural checks.
    /// </param>
    /// <param name="cancellationToken">Passed to <paramref name="findPublicKey"/>.</param>
    public async ValueTask<LifecycleCallbackValidationResult> ValidateAsync(
        string? token,
        RequestLine request,
        string appBaseUrl,
        string? payloadClientKey,
        Func<string, CancellationToken, ValueTask<RSA?>> findPublicKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(appBaseUrl);
        ArgumentNullException.ThrowIfNull(findPublicKey);
        if (!JwsToken.TryParse(token, out var jws, out var parseFailure))
        {
            return LifecycleCallbackValidationResult.Fail(parseFailure);
        }

        // An HS256 install token would be signed with a secret the app does not have yet (or one an attacker chose).
        if (jws.Algorithm != "RS256")
        {
            return LifecycleCallbackValidationResult.Fail($"alg {JwtClaims.ForLog(jws.Algorithm)} is not RS256");
        }

        if (jws.KeyId is not { Length: > 0 and <= MaxKeyIdLength } keyId || keyId.AsSpan().ContainsAnyExcept(KeyIdCharacters))
        {
            return LifecycleCallbackValidationResult.Fail("header kid is missing or not a plain key id");
        }

        var key = await findPublicKey(keyId, cancellationToken);
        if (key is null)
        {
            return LifecycleCallbackValidationResult.Fail($"no public key for kid {JwtClaims.ForLog(keyId)}");
        }

        if (!jws.VerifyRs256(key))
        {
            return LifecycleCallbackValidationResult.Fail("signature does not verify");
        }

        var claims = jws.Claims;
        if (!JwtClaims.TryGetString(claims, "iss", out var clientKey) || clientKey.Length == 0)
        {
            return LifecycleCallbackValidationResult.Fail("iss is missing or not a non-empty string");
        }

        // ACE: "clientKey in install payload did not match authenticated client".
        if (clientKey != payloadClientKey)
        {
            return LifecycleCallbackValidationResult.Fail("iss is not the payload's clientKey");
        }

        var baseUrl = appBaseUrl.TrimEnd('/');
        if (!claims.TryGetProperty("aud", out var aud)
            || !(JwtClaims.AudienceNames(aud, baseUrl) || JwtClaims.AudienceNames(aud, baseUrl + "/")))
        {
            return LifecycleCallbackValidationResult.Fail("aud does not name the app base URL");
        }

        var timeFailure = JwtClaims.CheckTimes(claims, timeProvider.GetUtcNow(), ClockLeeway);
        if (timeFailure is not null)
        {
            return LifecycleCallbackValidationResult.Fail(timeFailure);
        }

        if (!JwtClaims.TryGetString(claims, "qsh", out var qsh))
        {
            return LifecycleCallbackValidationResult.Fail("qsh is missing or not a string");
        }

        var expected = QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery, new Uri(baseUrl).AbsolutePath);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(qsh), Encoding.ASCII.GetBytes(expected))
            ? LifecycleCallbackValidationResult.Success(clientKey)
            : LifecycleCallbackValidationResult.Fail("qsh does not match the request");
    }
}

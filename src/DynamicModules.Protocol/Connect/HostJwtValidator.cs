using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Connect;

/// <summary>
/// Verifies, on the app's side, a Connect JWT the service sent (connect.md §2.3: event deliveries, <c>enabled</c> and
/// <c>disabled</c> callbacks): HS256 with the shared secret of the installation <c>iss</c> (the clientKey) names,
/// <c>qsh</c> of the request relative to the app's base URL, <c>exp</c>/<c>iat</c>/<c>nbf</c> with leeway.
/// </summary>
/// <param name="timeProvider">The clock for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</param>
public sealed class HostJwtValidator(TimeProvider timeProvider)
{
    /// <summary>Clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(30);

    /// <summary>Validates <paramref name="token"/> for <paramref name="request"/>. Never throws on bad input.</summary>
    /// <param name="token">The token from <c>Authorization: JWT …</c> or the <c>jwt</c> query parameter.</param>
    /// <param name="request">The request as received.</param>
    /// <param name="appBasePath">The path of the app's base URL (e.g. <c>/connect</c>); empty for none.</param>
    /// <param name="findSharedSecret">
    /// Returns the shared secret stored for a clientKey at install, or null when the app has no such installation.
    /// Called at most once, only for tokens that pass the structural checks.
    /// </param>
    /// <param name="cancellationToken">Passed to <paramref name="findSharedSecret"/>.</param>
    public async ValueTask<HostJwtValidationResult> ValidateAsync(
        string? token,
        RequestLine request,
        string appBasePath,
        Func<string, CancellationToken, ValueTask<string?>> findSharedSecret,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(findSharedSecret);
        if (!JwsToken.TryParse(token, out var jws, out var parseFailure))
        {
            return HostJwtValidationResult.Fail(parseFailure);
        }

        if (jws.Algorithm != "HS256")
        {
            return HostJwtValidationResult.Fail($"alg {JwtClaims.ForLog(jws.Algorithm)} is not HS256");
        }

        var claims = jws.Claims;
        if (!JwtClaims.TryGetString(claims, "iss", out var clientKey) || clientKey.Length == 0)
        {
            return HostJwtValidationResult.Fail("iss is missing or not a non-empty string");
        }

        // iss only picks the key; nothing else is read before the signature is checked.
        var sharedSecret = await findSharedSecret(clientKey, cancellationToken);
        if (string.IsNullOrEmpty(sharedSecret))
        {
            return HostJwtValidationResult.Fail($"no installation for clientKey {JwtClaims.ForLog(clientKey)}");
        }

        if (!jws.VerifyHs256(sharedSecret))
        {
            return HostJwtValidationResult.Fail("signature does not verify");
        }

        var timeFailure = JwtClaims.CheckTimes(claims, timeProvider.GetUtcNow(), ClockLeeway);
        if (timeFailure is not null)
        {
            return HostJwtValidationResult.Fail(timeFailure);
        }

        if (!JwtClaims.TryGetString(claims, "qsh", out var qsh))
        {
            return HostJwtValidationResult.Fail("qsh is missing or not a string");
        }

        var expected = QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery, appBasePath);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(qsh), Encoding.ASCII.GetBytes(expected)))
        {
            return HostJwtValidationResult.Fail("qsh does not match the request");
        }

        string? subject = null;
        if (claims.TryGetProperty("sub", out var sub))
        {
            if (sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 } user)
            {
                return HostJwtValidationResult.Fail("sub is not a non-empty string");
            }

            subject = user;
        }

        return HostJwtValidationResult.Success(clientKey, subject);
    }
}

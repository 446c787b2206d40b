using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Connect;

/// <summary>
/// Authenticates an app's call to a tenant (DESIGN.md §4.1, connect.md §2.3): an HS256 Connect JWT whose
/// <c>iss</c> is the app key, signed with the shared secret of that app's enabled installation in the
/// tenant the URL addresses, bound to the request by <c>qsh</c>.
/// </summary>
/// <param name="timeProvider">The clock for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</param>
public sealed class ConnectJwtValidator(TimeProvider timeProvider)
{
    /// <summary>Clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c>, as Atlassian's own reader allows.</summary>
    public static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(30);

    private const string ContextQsh = "context-qsh";

    /// <summary>Validates <paramref name="token"/> for <paramref name="request"/>. Never throws on bad input.</summary>
    /// <param name="token">The token from <c>Authorization: JWT …</c> or the <c>jwt</c> query parameter.</param>
    /// <param name="request">The request as received.</param>
    /// <param name="tenantBasePath">The tenant's base path, e.g. <c>/t/acme</c>; empty for none.</param>
    /// <param name="tenantClientKey">The tenant's clientKey, which a present <c>aud</c> must name.</param>
    /// <param name="findSharedSecret">
    /// Returns the shared secret of the app's installed and enabled installation in this tenant, or null.
    /// Called at most once, only for tokens that pass the structural checks.
    /// </param>
    /// <param name="cancellationToken">Passed to <paramref name="findSharedSecret"/>.</param>
    public async ValueTask<ConnectJwtValidationResult> ValidateAsync(
        string? token,
        RequestLine request,
        string tenantBasePath,
        string tenantClientKey,
        Func<string, CancellationToken, ValueTask<string?>> findSharedSecret,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findSharedSecret);

        if (!JwsToken.TryParse(token, out var jws, out var parseFailure))
        {
            return ConnectJwtValidationResult.Fail(parseFailure);
        }

        // Ordinal: "hs256", "none" and RS256 (the key-confusion classic) are all refused.
        if (jws.Algorithm != "HS256")
        {
            return ConnectJwtValidationResult.Fail($"alg {ForLog(jws.Algorithm)} is not HS256");
        }

        var claims = jws.Claims;
        if (!TryGetString(claims, "iss", out var appKey) || appKey.Length == 0)
        {
            return ConnectJwtValidationResult.Fail("iss is missing or not a non-empty string");
        }

        // iss is the only claim used before the signature is checked: it picks the key, nothing more.
        var sharedSecret = await findSharedSecret(appKey, cancellationToken);
        if (string.IsNullOrEmpty(sharedSecret))
        {
            return ConnectJwtValidationResult.Fail($"no enabled installation of app {ForLog(appKey)} in this tenant");
        }

        if (!jws.VerifyHs256(sharedSecret))
        {
            return ConnectJwtValidationResult.Fail("signature does not verify");
        }

        var timeFailure = CheckTimes(claims, timeProvider.GetUtcNow());
        if (timeFailure is not null)
        {
            return ConnectJwtValidationResult.Fail(timeFailure);
        }

        var qshFailure = CheckQsh(claims, request, tenantBasePath);
        if (qshFailure is not null)
        {
            return ConnectJwtValidationResult.Fail(qshFailure);
        }

        if (!AudienceAllows(claims, tenantClientKey))
        {
            return ConnectJwtValidationResult.Fail("aud does not name this tenant");
        }

        string? subject = null;
        if (claims.TryGetProperty("sub", out var sub))
        {
            if (sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 } user)
            {
                return ConnectJwtValidationResult.Fail("sub is not a non-empty string");
            }

            subject = user;
        }

        return ConnectJwtValidationResult.Success(appKey, subject);
    }

    private static string? CheckTimes(JsonElement claims, DateTimeOffset now)
    {
        var nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var leeway = ClockLeeway.TotalSeconds;

        // Atlassian refuses tokens without iat or exp ("no unlimited lifetimes"); so do we.
        if (!TryGetSeconds(claims, "exp", out var exp))
        {
            return "exp is missing or not a number";
        }

        if (!TryGetSeconds(claims, "iat", out var iat))
        {
            return "iat is missing or not a number";
        }

        if (nowSeconds > exp + leeway)
        {
            return "token has expired";
        }

        if (iat > nowSeconds + leeway)
        {
            return "iat is in the future";
        }

        if (claims.TryGetProperty("nbf", out _))
        {
            if (!TryGetSeconds(claims, "nbf", out var nbf))
            {
                return "nbf is not a number";
            }

            if (nbf > nowSeconds + leeway)
            {
                return "token is not yet valid (nbf)";
            }
        }

        return null;
    }

    private static string? CheckQsh(JsonElement claims, RequestLine request, string tenantBasePath)
    {
        if (!TryGetString(claims, "qsh", out var qsh))
        {
            return "qsh is missing or not a string";
        }

        // Context tokens come from the browser and authorise the app's own endpoints, never host REST calls.
        if (qsh == ContextQsh)
        {
            return "context-qsh is not accepted here";
        }

        // ACE hashes the path relative to the tenant base URL, jira.js the full path; accept either
        // (connect.md §2.4, "Compatibility leniency"). Both comparisons run, in constant time.
        var received = Encoding.UTF8.GetBytes(qsh);
        var relative = QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery, tenantBasePath);
        var full = QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery);
        var matchesRelative = CryptographicOperations.FixedTimeEquals(received, Encoding.ASCII.GetBytes(relative));
        var matchesFull = CryptographicOperations.FixedTimeEquals(received, Encoding.ASCII.GetBytes(full));
        return matchesRelative | matchesFull ? null : "qsh does not match the request";
    }

    private static bool AudienceAllows(JsonElement claims, string tenantClientKey)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return true;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            return aud.GetString() == tenantClientKey;
        }

        if (aud.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var namesTenant = false;
        foreach (var entry in aud.EnumerateArray())
        {
            // A malformed entry spoils the whole claim rather than being skipped.
            if (entry.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            namesTenant |= entry.GetString() == tenantClientKey;
        }

        return namesTenant;
    }

    private static bool TryGetString(JsonElement claims, string name, out string value)
    {
        if (claims.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    // A NumericDate past the year 9999 (or before year 1) is no date any clock reaches: exp = 1e300 would be
    // a token that never expires. Refused as malformed.
    private static readonly double LatestSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
    private static readonly double EarliestSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();

    private static bool TryGetSeconds(JsonElement claims, string name, out double seconds)
    {
        seconds = 0;
        return claims.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.Number
            && element.TryGetDouble(out seconds)
            && seconds >= EarliestSeconds
            && seconds <= LatestSeconds;
    }

    // Failure reasons end up in logs; token values are attacker-chosen, so quote, escape and cut them short.
    private static string ForLog(string value) =>
        "\"" + JsonEncodedText.Encode(value.Length <= 64 ? value : value[..(char.IsHighSurrogate(value[63]) ? 63 : 64)] + "…") + "\"";
}

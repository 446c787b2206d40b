using System.Text.Json;

namespace DynamicModules.Protocol.Jose;

/// <summary>Typed reads of JWT claims and the RFC 7519 time checks every validator here applies the same way.</summary>
internal static class JwtClaims
{
    // A NumericDate past the year 9999 (or before year 1) is no date any clock reaches: exp = 1e300 would be
    // a token that never expires. Refused as malformed.
    private static readonly double LatestSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
    private static readonly double EarliestSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();

    public static bool TryGetString(JsonElement claims, string name, out string value)
    {
        if (claims.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryGetSeconds(JsonElement claims, string name, out double seconds)
    {
        seconds = 0;
        return claims.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.Number
            && element.TryGetDouble(out seconds)
            && seconds >= EarliestSeconds
            && seconds <= LatestSeconds;
    }

    /// <summary>
    /// Why <c>exp</c>, <c>iat</c> and <c>nbf</c> refuse the token at <paramref name="now"/>, or null. <c>exp</c> and
    /// <c>iat</c> are required (no unlimited lifetimes); <c>nbf</c> is checked when present.
    /// </summary>
    public static string? CheckTimes(JsonElement claims, DateTimeOffset now, TimeSpan leeway)
    {
        var nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var leewaySeconds = leeway.TotalSeconds;
        if (!TryGetSeconds(claims, "exp", out var exp))
        {
            return "exp is missing or not a number";
        }

        if (!TryGetSeconds(claims, "iat", out var iat))
        {
            return "iat is missing or not a number";
        }

        if (nowSeconds > exp + leewaySeconds)
        {
            return "token has expired";
        }

        if (iat > nowSeconds + leewaySeconds)
        {
            return "iat is in the future";
        }

        if (claims.TryGetProperty("nbf", out _))
        {
            if (!TryGetSeconds(claims, "nbf", out var nbf))
            {
                return "nbf is not a number";
            }

            if (nbf > nowSeconds + leewaySeconds)
            {
                return "token is not yet valid (nbf)";
            }
        }

        return null;
    }

    /// <summary>True when <c>aud</c> is <paramref name="audience"/> or an array of strings naming it.</summary>
    public static bool AudienceNames(JsonElement aud, string audience)
    {
        if (aud.ValueKind == JsonValueKind.String)
        {
            return aud.GetString() == audience;
        }

        if (aud.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var names = false;
        foreach (var entry in aud.EnumerateArray())
        {
            // A malformed entry spoils the whole claim rather than being skipped.
            if (entry.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            names |= entry.GetString() == audience;
        }

        return names;
    }

    // Failure reasons end up in logs; token values are attacker-chosen, so quote, escape and cut them short.
    public static string ForLog(string value) =>
        "\"" + JsonEncodedText.Encode(value.Length <= 64 ? value : value[..(char.IsHighSurrogate(value[63]) ? 63 : 64)] + "…") + "\"";
}

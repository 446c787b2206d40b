using System.Text;
using System.Text.Json;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Logging;
using Microsoft.IdentityModel.Tokens;

namespace DynamicModules.Protocol.Tests.Connect;

/// <summary>
/// The verdict Microsoft's <see cref="JsonWebTokenHandler"/> gives a Connect token, configured as our
/// <see cref="ConnectJwtValidator"/> is (one app key and its HS256 secret, the tenant's clientKey as an optional
/// audience, required exp, 30 s clock skew, the same size limit), plus the Connect rules the
/// handler does not know. Each such rule is written out below and reads the token through the handler's own
/// parse, so the oracle never shares code with the reader it judges.
/// </summary>
internal sealed class JsonWebTokenHandlerOracle
{
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = JwsToken.MaxLength };
    private readonly TokenValidationParameters _parameters;
    private readonly string[] _acceptedQsh;
    private readonly string _tenantClientKey;

    public JsonWebTokenHandlerOracle(string appKey, string sharedSecret, string tenantClientKey, RequestLine request, string tenantBasePath)
    {
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = appKey,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(sharedSecret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // Connect tokens from jira.js and ACSB carry no aud; when one is present it must name the tenant.
            ValidAudience = tenantClientKey,
            RequireAudience = false,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ConnectJwtValidator.ClockLeeway,
            // Claim names as sent (no mapping of sub to a .NET claim URI).
            NameClaimType = "sub",
        };
        _handler.MapInboundClaims = false;
        _tenantClientKey = tenantClientKey;
        _acceptedQsh =
        [
            QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery, tenantBasePath),
            QueryStringHash.Compute(request.Method, request.RawPath, request.RawQuery),
        ];
    }

    static JsonWebTokenHandlerOracle() => IdentityModelEventSource.ShowPII = false;

    /// <summary>True when the handler accepts the token and every Connect rule below holds.</summary>
    public async Task<bool> AcceptsAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return false;
        }

        if (!HasCanonicalSegments(token) || !HasNoDuplicateNames(jwt.EncodedHeader) || !HasNoDuplicateNames(jwt.EncodedPayload))
        {
            return false;
        }

        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedHeader));
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return HasNoCriticalHeader(header.RootElement)
            && StringHeadersAreStrings(header.RootElement)
            && DatesAreNumbers(payload.RootElement)
            && IssuedAtIsPresentAndNotInTheFuture(payload.RootElement)
            && QshNamesTheRequest(payload.RootElement)
            && AudienceIsAbsentOrNamesTheTenant(payload.RootElement)
            && SubjectIsAbsentOrANonEmptyString(payload.RootElement);
    }

    // Rule: each segment has exactly one spelling (no padding, zero leftover bits), so a signed token
    // cannot be re-spelled into a "different" token that still verifies. The handler decodes leniently.
    private static bool HasCanonicalSegments(string token) =>
        token.Split('.').All(segment => Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(segment)) == segment);

    // Rule: a repeated name is refused. RFC 7519 §4 lets a parser either refuse or take the last value;
    // refusing means no two components can read different values from one token. The handler takes the last.
    private static bool HasNoDuplicateNames(string encodedSegment)
    {
        var reader = new Utf8JsonReader(Base64UrlEncoder.DecodeBytes(encodedSegment));
        var names = new Stack<HashSet<string>>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    names.Push([]);
                    break;
                case JsonTokenType.EndObject:
                    names.Pop();
                    break;
                case JsonTokenType.PropertyName when !names.Peek().Add(reader.GetString()!):
                    return false;
            }
        }

        return true;
    }

    // Rule: RFC 7515 §4.1.11, a reader refuses critical extensions it does not implement; we implement none.
    private static bool HasNoCriticalHeader(JsonElement header) => !header.TryGetProperty("crit", out _);

    // Rule: kid, typ and cty are strings (RFC 7515 §4.1); the handler ignores a null kid, we refuse it
    // like any other malformed header.
    private static bool StringHeadersAreStrings(JsonElement header) =>
        new[] { "kid", "typ", "cty" }.All(name => !header.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.String);

    // Rule: a NumericDate is a JSON number (RFC 7519 §2) between the years 1 and 9999. The handler also reads
    // numeric strings, and clamps an integer past 9999 to DateTime.MaxValue (a token that never expires).
    private static bool DatesAreNumbers(JsonElement claims) =>
        new[] { "exp", "nbf", "iat" }.All(name => !claims.TryGetProperty(name, out var value)
            || (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
                && seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()));

    // Rule: Atlassian's reader requires iat and refuses one beyond the clock skew in the future; the handler
    // does not look at iat.
    private static bool IssuedAtIsPresentAndNotInTheFuture(JsonElement claims)
    {
        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetDouble(out var issuedAt))
        {
            return false;
        }

        // The handler reads the system clock (8.23 takes no TimeProvider), so this rule does too.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        return issuedAt <= now + ConnectJwtValidator.ClockLeeway.TotalSeconds;
    }

    // Rule: Connect binds a token to one request through qsh (relative to the tenant base path, or over the
    // full path as jira.js computes it); context-qsh tokens are for the app's own endpoints only.
    private bool QshNamesTheRequest(JsonElement claims) =>
        claims.TryGetProperty("qsh", out var qsh) && qsh.ValueKind == JsonValueKind.String && _acceptedQsh.Contains(qsh.GetString());

    // Rule: a present aud must name the tenant. The handler treats null and [] as "no audience" (allowed
    // here since RequireAudience is off) and skips entries that are not strings; a malformed aud is refused.
    private bool AudienceIsAbsentOrNamesTheTenant(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return true;
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == _tenantClientKey,
            JsonValueKind.Array => aud.EnumerateArray().All(entry => entry.ValueKind == JsonValueKind.String)
                && aud.EnumerateArray().Any(entry => entry.GetString() == _tenantClientKey),
            _ => false,
        };
    }

    // Rule: sub names the acting user; present but empty or not a string is a malformed token.
    private static bool SubjectIsAbsentOrANonEmptyString(JsonElement claims) =>
        !claims.TryGetProperty("sub", out var sub) || (sub.ValueKind == JsonValueKind.String && sub.GetString()!.Length > 0);
}

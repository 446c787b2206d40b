using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Protocol.Tests.Connect;

/// <summary>One generated token and the family of mutation it came from (for the disagreement report).</summary>
internal sealed record TokenCase(string Family, string Token);

/// <summary>
/// Generates Connect tokens from a seeded <see cref="Random"/>: valid ones in the shapes real clients send, and
/// mutations of them that a validator must refuse (or, near a limit, still accept). Deterministic for a seed,
/// apart from the timestamps, which follow <paramref name="clock"/> as each token is made.
/// </summary>
internal sealed class ConnectTokenMutator(Random random, TimeProvider clock, string appKey, string sharedSecret, string tenantClientKey, string[] acceptedQsh)
{
    private const string OtherSecret = "a-different-secret-of-the-same-length!!";
    private static readonly string[] Families =
    [
        "valid", "tampered-header", "tampered-payload", "tampered-signature", "alg-none", "alg-confusion", "wrong-key",
        "issuer", "lifetime", "bad-base64url", "duplicate-names", "segments", "huge", "not-json", "header-fields",
        "claims",
    ];

    private static readonly Lazy<RSA> RsaKey = new(() => RSA.Create(2048));

    private long NowSeconds => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Lazily: each token is made just before the caller validates it, so its times are fresh.</summary>
    public IEnumerable<TokenCase> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var family = Families[i % Families.Length];
            yield return new TokenCase(family, Make(family));
        }
    }

    private string Make(string family) => family switch
    {
        "valid" => Sign(Header(), ValidClaims()),
        "tampered-header" => TamperSegment(Sign(Header(), ValidClaims()), 0),
        "tampered-payload" => TamperSegment(Sign(Header(), ValidClaims()), 1),
        "tampered-signature" => TamperSignature(Sign(Header(), ValidClaims())),
        "alg-none" => AlgNone(),
        "alg-confusion" => AlgorithmConfusion(),
        "wrong-key" => Sign(Header(), ValidClaims(), Pick(OtherSecret, sharedSecret + "x", sharedSecret.ToUpperInvariant(), sharedSecret[..^1])),
        "issuer" => WrongIssuer(),
        "lifetime" => Lifetime(),
        "bad-base64url" => BadBase64Url(Sign(Header(), ValidClaims())),
        "duplicate-names" => DuplicateNames(),
        "segments" => Segments(Sign(Header(), ValidClaims())),
        "huge" => Huge(),
        "not-json" => NotJson(),
        "header-fields" => HeaderFields(),
        "claims" => Claims(),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    private JsonObject ValidClaims()
    {
        var claims = new JsonObject
        {
            ["iss"] = appKey,
            ["iat"] = NowSeconds - random.Next(0, 120),
            ["exp"] = NowSeconds + random.Next(1, 600),
            ["qsh"] = Pick(acceptedQsh),
        };
        switch (random.Next(4))
        {
            case 0:
                claims["aud"] = tenantClientKey;
                break;
            case 1:
                claims["aud"] = new JsonArray(tenantClientKey);
                break;
            case 2:
                claims["aud"] = new JsonArray("someone-else", tenantClientKey);
                break;
        }

        if (random.Next(2) == 0)
        {
            claims["sub"] = "557058:" + Guid.NewGuid().ToString("N")[..12];
        }

        if (random.Next(3) == 0)
        {
            claims["context"] = new JsonObject { ["n"] = random.Next(), ["list"] = new JsonArray(1, "two", null) };
        }

        return claims;
    }

    private JsonObject Header(string alg = "HS256")
    {
        var header = new JsonObject { ["alg"] = alg };
        switch (random.Next(5))
        {
            case 0:
                header["typ"] = "JWT";
                break;
            case 1:
                // typ is informational (RFC 7519 §5.1); neither side checks it.
                header["typ"] = Pick("jwt", "at+jwt", "JOSE", "nonsense");
                break;
            case 2:
                header["kid"] = "key-" + random.Next(100);
                break;
        }

        return header;
    }

    private string Sign(JsonObject header, JsonObject claims, string? secret = null) =>
        SignText(header.ToJsonString(), claims.ToJsonString(), secret ?? sharedSecret);

    private static string SignText(string headerJson, string claimsJson, string secret) =>
        SignBytes(Encoding.UTF8.GetBytes(headerJson), Encoding.UTF8.GetBytes(claimsJson), Encoding.UTF8.GetBytes(secret));

    private static string SignBytes(byte[] header, byte[] claims, byte[] key)
    {
        var signingInput = Base64Url.Encode(header) + "." + Base64Url.Encode(claims);
        return signingInput + "." + Base64Url.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    private string TamperSegment(string token, int index)
    {
        var parts = token.Split('.');
        if (random.Next(2) == 0)
        {
            // A change at the JSON level, re-encoded cleanly: the signature no longer covers it.
            var json = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[index])))!.AsObject();
            if (index == 0)
            {
                json["kid"] = "swapped";
            }
            else
            {
                json[Pick("iss", "sub", "exp", "qsh", "aud")] = Pick<JsonNode>("admin", NowSeconds + 86_400, tenantClientKey);
            }

            var edited = Base64Url.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
            // Setting a claim to the value it had is no tampering; flip a character then.
            parts[index] = edited != parts[index] ? edited : FlipCharacter(parts[index]);
        }
        else
        {
            parts[index] = FlipCharacter(parts[index]);
        }

        return string.Join('.', parts);
    }

    private string TamperSignature(string token)
    {
        var parts = token.Split('.');
        parts[2] = random.Next(5) switch
        {
            0 => FlipCharacter(parts[2]),
            1 => parts[2][..^4],
            2 => parts[2] + "AAAA",
            3 => "",
            _ => Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
        };
        return string.Join('.', parts);
    }

    private string FlipCharacter(string segment)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var chars = segment.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = alphabet[(alphabet.IndexOf(chars[at], StringComparison.Ordinal) + 1 + random.Next(63)) % 64];
        return new string(chars);
    }

    private string AlgNone()
    {
        var header = Header(Pick("none", "None", "NONE", "nOnE"));
        var unsigned = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
            Base64Url.Encode(Encoding.UTF8.GetBytes(ValidClaims().ToJsonString()));
        return random.Next(2) == 0 ? unsigned + "." : Sign(header, ValidClaims());
    }

    private string AlgorithmConfusion()
    {
        var publicPem = RsaKey.Value.ExportSubjectPublicKeyInfoPem();
        switch (random.Next(5))
        {
            case 0:
                // The classic: an RS256 header over an HMAC keyed with the public key.
                return SignText(Header("RS256").ToJsonString(), ValidClaims().ToJsonString(), publicPem);
            case 1:
                return SignText(Header("RS256").ToJsonString(), ValidClaims().ToJsonString(), sharedSecret);
            case 2:
                return JwtSigner.SignRs256(ValidClaims(), RsaKey.Value, "kid-1");
            case 3:
                return SignText(Header(Pick("hs256", "Hs256", "HS256 ", "HS384", "HS512", "ES256", "PS256", "")).ToJsonString(),
                    ValidClaims().ToJsonString(), sharedSecret);
            default:
                return SignText(Header().ToJsonString(), ValidClaims().ToJsonString(), publicPem);
        }
    }

    private string WrongIssuer()
    {
        var claims = ValidClaims();
        switch (random.Next(6))
        {
            case 0:
                claims.Remove("iss");
                break;
            case 1:
                claims["iss"] = "";
                break;
            case 2:
                claims["iss"] = Pick<JsonNode>(42, true, new JsonArray(appKey), new JsonObject { ["key"] = appKey });
                break;
            case 3:
                claims["iss"] = appKey.ToUpperInvariant();
                break;
            case 4:
                claims["iss"] = appKey + " ";
                break;
            default:
                claims["iss"] = "unknown-app";
                break;
        }

        return Sign(Header(), claims);
    }

    private string Lifetime()
    {
        var claims = ValidClaims();
        var leeway = (long)ConnectJwtValidator.ClockLeeway.TotalSeconds;
        // Two seconds either side of each limit, then far on either side. Not closer: the handler reads the
        // system clock a moment after the token was made, and the exact edge is covered by ConnectJwtValidatorTests.
        long Edge() => random.Next(3) == 0 ? Pick(-2L, 2L) : random.Next(2) == 0 ? random.Next(3, 100_000) : -random.Next(3, 100_000);
        switch (random.Next(8))
        {
            case 0:
                claims["exp"] = NowSeconds - leeway + Edge();
                claims["iat"] = NowSeconds - 100_000;
                break;
            case 1:
                claims["nbf"] = NowSeconds + leeway + Edge();
                break;
            case 2:
                claims["iat"] = NowSeconds + leeway + Edge();
                claims["exp"] = NowSeconds + 200_000;
                break;
            case 3:
                claims.Remove(Pick("exp", "iat"));
                break;
            case 4:
                claims[Pick("exp", "iat", "nbf")] = Pick<JsonNode>("1700000000", (NowSeconds + 60).ToString(System.Globalization.CultureInfo.InvariantCulture), true, new JsonArray(NowSeconds), null!);
                break;
            case 5:
                // NumericDate may carry a fraction (RFC 7519 §2).
                claims["exp"] = NowSeconds - leeway + Pick(-3, -2, 2, 3) + 0.5;
                break;
            case 6:
                claims["nbf"] = NowSeconds + random.Next(1, 600) + 700;
                claims["exp"] = NowSeconds + random.Next(1, 600);
                break;
            default:
                claims["exp"] = Pick<JsonNode>(1e300, -1, 0, long.MaxValue, 253_402_300_800);
                break;
        }

        return Sign(Header(), claims);
    }

    private string BadBase64Url(string token)
    {
        var parts = token.Split('.');
        var index = random.Next(3);
        var segment = parts[index];
        var mutated = random.Next(6) switch
        {
            0 => segment.Insert(random.Next(segment.Length), Pick("+", "/", " ", "\n", "*", "%", "é")),
            1 => segment + Pick("=", "==", "==="),
            2 => segment + "A",
            // The same bytes spelled with non-zero leftover bits (when the length leaves any).
            3 => SetLeftoverBits(segment),
            4 => segment.Replace('-', '+').Replace('_', '/'),
            _ => segment[..^1],
        };
        // Some mutations find nothing to change (no - or _ to swap, leftover bits already set): pad instead.
        parts[index] = mutated != segment ? mutated : segment + "=";
        return string.Join('.', parts);
    }

    private static string SetLeftoverBits(string segment)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var unusedBits = (segment.Length % 4) switch { 2 => 4, 3 => 2, _ => 0 };
        if (unusedBits == 0)
        {
            return segment + "=";
        }

        var last = alphabet.IndexOf(segment[^1], StringComparison.Ordinal);
        return segment[..^1] + alphabet[last | 1];
    }

    private string DuplicateNames()
    {
        var claimsJson = ValidClaims().ToJsonString();
        var headerJson = Header().ToJsonString();
        switch (random.Next(5))
        {
            case 0:
                claimsJson = claimsJson[..^1] + ",\"iss\":\"" + Pick(appKey, "someone-else") + "\"}";
                break;
            case 1:
                claimsJson = claimsJson[..^1] + $",\"exp\":{NowSeconds + 86_400}}}";
                break;
            case 2:
                headerJson = headerJson[..^1] + ",\"alg\":\"" + Pick("HS256", "none") + "\"}";
                break;
            case 3:
                // Duplicate inside a nested object: still one JSON text with a repeated name.
                claimsJson = claimsJson[..^1] + ",\"context\":{\"a\":1,\"a\":2}}";
                break;
            default:
                // Escaped spelling of the same name.
                claimsJson = claimsJson[..^1] + ",\"\\u0069ss\":\"" + appKey + "\"}";
                break;
        }

        return SignText(headerJson, claimsJson, sharedSecret);
    }

    private string Segments(string token)
    {
        var parts = token.Split('.');
        return random.Next(8) switch
        {
            // JWE compact form: five segments.
            0 => string.Join('.', parts[0], "", Base64Url.Encode(RandomNumberGenerator.GetBytes(12)), parts[1], parts[2]),
            1 => Base64Url.Encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}"u8) + ".." + Base64Url.Encode(RandomNumberGenerator.GetBytes(12)) + "." + parts[1] + "." + parts[2][..22],
            2 => token + ".",
            3 => "." + token,
            4 => parts[0] + "." + parts[1],
            5 => token + "." + parts[2],
            6 => parts[0] + ".." + parts[2],
            _ => token.Replace(".", "..", StringComparison.Ordinal),
        };
    }

    private string Huge()
    {
        // Aim for a length just under, at or just over the limit, or far beyond it.
        var target = random.Next(3) == 0 ? random.Next(JwsToken.MaxLength + 1, 4 * JwsToken.MaxLength) : JwsToken.MaxLength + random.Next(-3, 4);
        var header = Header();
        var claims = ValidClaims();
        var padding = Math.Max(0, (target * 3 / 4) - 300);
        string token;
        do
        {
            claims["padding"] = new string('x', padding);
            token = Sign(header, claims);
            padding++;
        }
        while (token.Length < target);

        return token;
    }

    private string NotJson()
    {
        var claimsJson = ValidClaims().ToJsonString();
        var headerJson = Header().ToJsonString();
        var garbage = Pick("not json", "[1,2]", "\"text\"", "123", "null", "{", "{}}", "{\"a\":1} x", "{\"a\":1,}", "{'a':1}",
            "/*c*/{\"a\":1}", "\uFEFF{\"a\":1}", "");
        byte[] invalidUtf8 = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D];
        return random.Next(5) switch
        {
            0 => SignText(garbage, claimsJson, sharedSecret),
            1 => SignText(headerJson, garbage, sharedSecret),
            2 => SignBytes(Encoding.UTF8.GetBytes(headerJson), invalidUtf8, Encoding.UTF8.GetBytes(sharedSecret)),
            3 => SignText(headerJson, "\uFEFF" + claimsJson, sharedSecret),
            _ => SignText(headerJson, claimsJson[..^1] + ",\"x\":\"\\ud800\"}", sharedSecret),
        };
    }

    private string HeaderFields()
    {
        var header = Header();
        switch (random.Next(7))
        {
            case 0:
                header.Remove("alg");
                break;
            case 1:
                header["alg"] = Pick<JsonNode>(256, true, new JsonArray("HS256"), null!);
                break;
            case 2:
                header["kid"] = Pick<JsonNode>(7, false, new JsonObject(), null!);
                break;
            case 3:
                header["crit"] = new JsonArray("exp");
                header["exp"] = NowSeconds + 60;
                break;
            case 4:
                header["typ"] = Pick<JsonNode>(1, "JWE", new JsonArray("JWT"));
                break;
            case 5:
                header["cty"] = Pick("JWT", "json");
                break;
            default:
                header["enc"] = "A256GCM";
                break;
        }

        return Sign(header, ValidClaims());
    }

    private string Claims()
    {
        var claims = ValidClaims();
        switch (random.Next(8))
        {
            case 0:
                claims.Remove("qsh");
                break;
            case 1:
                claims["qsh"] = Pick<JsonNode>("context-qsh", "", acceptedQsh[0].ToUpperInvariant(), 5, new JsonArray(acceptedQsh[0]));
                break;
            case 2:
                claims["aud"] = Pick<JsonNode>("someone-else", tenantClientKey + "/", new JsonArray(), new JsonArray("someone-else"));
                break;
            case 3:
                claims["aud"] = Pick<JsonNode>(new JsonArray(tenantClientKey, 5), 5, new JsonObject { ["k"] = tenantClientKey }, null!);
                break;
            case 4:
                claims["sub"] = Pick<JsonNode>("", 42, new JsonArray("u"), null!, true);
                break;
            case 5:
                claims["iss"] = appKey;
                claims["jti"] = Guid.NewGuid().ToString();
                break;
            case 6:
                claims["qsh"] = acceptedQsh[1];
                break;
            default:
                claims["x"] = new string('é', random.Next(1, 50));
                break;
        }

        return Sign(Header(), claims);
    }

    private string Pick(params string[] options) => options[random.Next(options.Length)];

    private T Pick<T>(params T[] options) => options[random.Next(options.Length)];
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace DynamicModules.Protocol.Jose;

/// <summary>
/// A parsed compact JWS (<c>header.claims.signature</c>). Parsing checks structure only; nothing in it
/// is trusted until <see cref="VerifyHs256"/> or <see cref="VerifyRs256"/> succeeds.
/// </summary>
public sealed class JwsToken
{
    /// <summary>The longest token accepted, in characters. Longer input is refused before any decoding.</summary>
    public const int MaxLength = 8 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private readonly byte[] _signingInput;
    private readonly byte[] _signature;

    private JwsToken(string algorithm, string? keyId, JsonElement header, JsonElement claims, byte[] signingInput, byte[] signature)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Header = header;
        Claims = claims;
        _signingInput = signingInput;
        _signature = signature;
    }

    /// <summary>The header's <c>alg</c>, exactly as sent (case preserved).</summary>
    public string Algorithm { get; }

    /// <summary>The header's <c>kid</c>, or null when absent.</summary>
    public string? KeyId { get; }

    /// <summary>The decoded header, a JSON object.</summary>
    public JsonElement Header { get; }

    /// <summary>The decoded claims, a JSON object.</summary>
    public JsonElement Claims { get; }

    /// <summary>The bytes the signature covers: the ASCII of <c>header.claims</c> as received.</summary>
    public ReadOnlySpan<byte> SigningInput => _signingInput;

    /// <summary>The decoded signature bytes; empty for an unsigned token.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>
    /// Parses a compact JWS. Refuses input over <see cref="MaxLength"/>, any segment count but three
    /// (so JWE's five), non-canonical base64url, invalid UTF-8, JSON that is not an object or repeats a
    /// property, a missing or non-string <c>alg</c>, a non-string <c>kid</c>, <c>typ</c> or <c>cty</c>, and any
    /// <c>crit</c> header.
    /// Never throws.
    /// </summary>
    /// <param name="token">The token text.</param>
    /// <param name="jws">The parsed token on success.</param>
    /// <param name="failure">Why parsing failed, for logs; null on success.</param>
    public static bool TryParse(string? token, [NotNullWhen(true)] out JwsToken? jws, [NotNullWhen(false)] out string? failure)
    {
        jws = null;
        if (string.IsNullOrEmpty(token))
        {
            failure = "token is empty";
            return false;
        }

        // Checked before anything is split or decoded, so oversized input costs almost nothing.
        if (token.Length > MaxLength)
        {
            failure = $"token is longer than {MaxLength} characters";
            return false;
        }

        var text = token.AsSpan();
        var dots = text.Count('.');
        if (dots != 2)
        {
            failure = dots == 4 ? "JWE (encrypted) tokens are not accepted" : $"token has {dots + 1} segments, expected 3";
            return false;
        }

        var firstDot = text.IndexOf('.');
        var lastDot = text.LastIndexOf('.');
        if (!Base64Url.TryDecode(text[..firstDot], out var headerBytes)
            || !Base64Url.TryDecode(text[(firstDot + 1)..lastDot], out var claimsBytes)
            || !Base64Url.TryDecode(text[(lastDot + 1)..], out var signature))
        {
            failure = "a segment is not valid base64url";
            return false;
        }

        if (!TryParseObject(headerBytes, out var header) || !TryParseObject(claimsBytes, out var claims))
        {
            failure = "header or claims are not a JSON object";
            return false;
        }

        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
        {
            failure = "header alg is missing or not a string";
            return false;
        }

        string? keyId = null;
        if (header.TryGetProperty("kid", out var kid))
        {
            if (kid.ValueKind != JsonValueKind.String)
            {
                failure = "header kid is not a string";
                return false;
            }

            keyId = kid.GetString();
        }

        // typ and cty are strings by RFC 7515 §4.1.9-10; we read neither, but a token that breaks the format is
        // refused like a non-string kid (JsonWebTokenHandler refuses it too).
        foreach (var name in (ReadOnlySpan<string>)["typ", "cty"])
        {
            if (header.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.String)
            {
                failure = $"header {name} is not a string";
                return false;
            }
        }

        // RFC 7515 §4.1.11: a reader must refuse critical extensions it does not understand; we understand none.
        if (header.TryGetProperty("crit", out _))
        {
            failure = "header crit is not supported";
            return false;
        }

        // The segments were checked to be base64url, which is ASCII, so this is the exact signed text.
        var signingInput = Encoding.ASCII.GetBytes(token, 0, lastDot);
        jws = new JwsToken(alg.GetString()!, keyId, header, claims, signingInput, signature);
        failure = null;
        return true;
    }

    /// <summary>
    /// Verifies an HMAC-SHA256 signature keyed with the secret's UTF-8 bytes, in constant time. False when
    /// the header's <c>alg</c> is not exactly <c>HS256</c> or the secret is empty.
    /// </summary>
    public bool VerifyHs256(string sharedSecret)
    {
        // Checking alg here too means a caller can't be talked into HMAC-verifying an RS256 or "none" token.
        if (Algorithm != "HS256" || string.IsNullOrEmpty(sharedSecret))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(sharedSecret), _signingInput);
        return CryptographicOperations.FixedTimeEquals(expected, _signature);
    }

    /// <summary>
    /// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature. False when the header's <c>alg</c> is not exactly
    /// <c>RS256</c> or the key can't verify.
    /// </summary>
    public bool VerifyRs256(RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (Algorithm != "RS256" || _signature.Length == 0)
        {
            return false;
        }

        try
        {
            return publicKey.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool TryParseObject(byte[] utf8, out JsonElement value)
    {
        value = default;
        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, StrictJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            // JSON may escape a lone surrogate ("\ud800"), which GetString() then throws on. Refusing such
            // documents here means no later read of a header field or claim can throw.
            if (!AllStringsReadable(document.RootElement))
            {
                return false;
            }

            // Clone detaches the element from the document's pooled buffers, so it outlives the using.
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // The duplicate-property check unescapes names and throws this, not JsonException, on a lone surrogate.
            return false;
        }
    }

    private static bool AllStringsReadable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name is null || !AllStringsReadable(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!AllStringsReadable(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

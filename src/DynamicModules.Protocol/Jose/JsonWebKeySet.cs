using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace DynamicModules.Protocol.Jose;

/// <summary>
/// The RS256 signing keys of a JSON Web Key Set (RFC 7517), by <c>kid</c>. Only RSA keys usable for RS256 signatures
/// are kept; other keys (EC, encryption keys, other algorithms) are skipped, as a verifier that only speaks RS256 should.
/// </summary>
public sealed class JsonWebKeySet
{
    /// <summary>The longest document accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaKeySize = 2048;

    private readonly Dictionary<string, RSAParameters> _keys;

    private JsonWebKeySet(Dictionary<string, RSAParameters> keys) => _keys = keys;

    /// <summary>The key ids of the usable keys.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>
    /// Parses a JWKS document. Refuses (never throws) input over <see cref="MaxLength"/>, anything but an object with a
    /// <c>keys</c> array, and two usable keys with the same <c>kid</c> (which one would verify is then ambiguous).
    /// Skips keys without a <c>kid</c>, of another type, use or algorithm, with malformed or short (&lt;
    /// <see cref="MinimumRsaKeySize"/> bits) parameters.
    /// </summary>
    public static bool TryParse(string? json, [NotNullWhen(true)] out JsonWebKeySet? keySet, [NotNullWhen(false)] out string? failure)
    {
        keySet = null;
        if (string.IsNullOrEmpty(json) || json.Length > MaxLength)
        {
            failure = string.IsNullOrEmpty(json) ? "the key set is empty" : $"the key set is longer than {MaxLength} characters";
            return false;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            failure = "the key set is not JSON";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            failure = "the key set has no keys array";
            return false;
        }

        var usable = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        foreach (var key in keys.EnumerateArray())
        {
            if (!TryReadRs256Key(key, out var keyId, out var parameters))
            {
                continue;
            }

            if (!usable.TryAdd(keyId, parameters))
            {
                failure = "the key set has two keys with the same kid";
                return false;
            }
        }

        keySet = new JsonWebKeySet(usable);
        failure = null;
        return true;
    }

    /// <summary>A new RSA instance holding the public key named <paramref name="keyId"/>; the caller disposes it.</summary>
    public bool TryGetRsaKey(string keyId, [NotNullWhen(true)] out RSA? key)
    {
        key = null;
        if (!_keys.TryGetValue(keyId, out var parameters))
        {
            return false;
        }

        key = RSA.Create(parameters);
        return true;
    }

    private static bool TryReadRs256Key(JsonElement key, out string keyId, out RSAParameters parameters)
    {
        keyId = "";
        parameters = default;
        if (key.ValueKind != JsonValueKind.Object
            || Text(key, "kty") != "RSA"
            || Text(key, "kid") is not { Length: > 0 } kid
            || (key.TryGetProperty("use", out _) && Text(key, "use") != "sig")
            || (key.TryGetProperty("alg", out _) && Text(key, "alg") != "RS256")
            || !Base64Url.TryDecode(Text(key, "n"), out var modulus)
            || !Base64Url.TryDecode(Text(key, "e"), out var exponent)
            || exponent.Length is 0 or > 8
            || modulus.Length == 0 || modulus[0] == 0)
        {
            return false;
        }

        if (modulus.Length * 8 < MinimumRsaKeySize)
        {
            return false;
        }

        keyId = kid;
        parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        return true;
    }

    private static string? Text(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

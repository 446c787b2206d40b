using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DynamicModules.Secrets;

/// <summary>
/// The keys that encrypt secrets at rest. Written as <c>id:base64key</c> entries separated by commas,
/// semicolons or line breaks; the first entry encrypts new writes, the others only decrypt (so a key can
/// be introduced on every node before any node writes with it, and retired after the start-up sweep).
/// </summary>
public sealed partial class SecretKeyRing
{
    /// <summary>Bytes per key: AES-256.</summary>
    public const int KeySize = 32;

    private readonly Dictionary<string, SecretKey> _byId;

    private SecretKeyRing(IReadOnlyList<SecretKey> keys)
    {
        Keys = keys;
        _byId = keys.ToDictionary(key => key.Id, StringComparer.Ordinal);
    }

    /// <summary>All keys, the current one first.</summary>
    public IReadOnlyList<SecretKey> Keys { get; }

    /// <summary>The key new writes use.</summary>
    public SecretKey Current => Keys[0];

    /// <summary>The key with <paramref name="id"/>, or null when the ring does not hold it.</summary>
    public SecretKey? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static SecretKeyRing Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new List<SecretKey>();
        // Comment lines (the key file's header) may hold separators, so they go before entries are split.
        var entries = text.Split(['\n', '\r'], StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var raw in entries)
        {
            var key = ParseEntry(raw, keys.Count + 1, source);
            if (keys.Any(existing => existing.Id == key.Id))
            {
                throw new FormatException($"{source}: key id '{key.Id}' appears twice.");
            }

            keys.Add(key);
        }

        return keys.Count == 0
            ? throw new FormatException($"{source} holds no key (expected id:base64key entries, the current key first).")
            : new SecretKeyRing(keys);
    }

    /// <summary>A new entry with a random id and key, in the text form.</summary>
    public static string NewEntry() =>
        $"k{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize))}";

    private static SecretKey ParseEntry(string entry, int position, string source)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        var id = colon < 0 ? "" : entry[..colon];
        if (!KeyId().IsMatch(id))
        {
            throw new FormatException(
                $"{source}: entry {position} must be id:base64key with an id of 1-32 letters, digits, '-' or '_'.");
        }

        var material = new byte[KeySize + 1];
        if (!Convert.TryFromBase64String(entry[(colon + 1)..], material, out var length) || length != KeySize)
        {
            throw new FormatException($"{source}: key '{id}' must be {KeySize} bytes in base64 (e.g. `openssl rand -base64 32`).");
        }

        return new SecretKey(id, material[..KeySize]);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyId();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DynamicModules.Modules;

/// <summary>Module key rules and the generated keys of webhooks.</summary>
public static partial class ModuleKeys
{
    /// <summary>Longest accepted module key.</summary>
    public const int MaxLength = 100;

    /// <summary>The Connect module key pattern; keys are also used unescaped in <c>moduleKey=a,b</c> lists.</summary>
    public const string Pattern = "^[a-zA-Z0-9-]+$";

    /// <summary>Whether <paramref name="key"/> is a valid module key.</summary>
    public static bool IsValid(string? key) => key is { Length: > 0 and <= MaxLength } && KeyRegex().IsMatch(key);

    /// <summary>
    /// The key of a <c>webhooks</c> module registered without one. The static webhook schema has no
    /// key, yet an app needs one to delete the module, so it is derived deterministically:
    /// <c>"webhook-"</c> + the first 12 lowercase hex characters of SHA-256 over UTF-8
    /// <c>event + "\n" + url + "\n" + filter</c> (a missing filter counts as empty). The same webhook
    /// always gets the same key, and registering it twice is reported as a duplicate.
    /// </summary>
    public static string ForWebhook(string webhookEvent, string url, string? filter)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookEvent}\n{url}\n{filter ?? string.Empty}"));
        return "webhook-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>
    /// Returns the module's key, first writing a generated one into <paramref name="module"/> when the
    /// key is missing and <paramref name="definition"/> can generate it (webhooks, see
    /// <see cref="ForWebhook"/>). Returns null when there is no key and none can be generated.
    /// </summary>
    public static string? EnsureKey(ModuleTypeDefinition definition, JsonObject module)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(module);
        if (module["key"] is JsonValue existing && existing.TryGetValue<string>(out var key))
        {
            return key;
        }

        if (definition.GenerateKey is null)
        {
            return null;
        }

        key = definition.GenerateKey(module);
        module["key"] = key;
        return key;
    }

    /// <summary>Checks the <c>key</c> of a module at <paramref name="modulePath"/>; a missing key is an error unless <paramref name="optional"/>.</summary>
    internal static void Validate(JsonObject module, string modulePath, bool optional, List<ValidationError> errors)
    {
        var path = JsonPath.Property(modulePath, "key");
        switch (module["key"])
        {
            case null when optional:
                return;
            case null:
                errors.Add(new ValidationError(path, "Required property is missing."));
                return;
            case JsonValue value when value.TryGetValue<string>(out var key):
                if (key.Length > MaxLength)
                {
                    errors.Add(new ValidationError(path, $"Must be at most {MaxLength} characters."));
                }
                else if (!KeyRegex().IsMatch(key))
                {
                    errors.Add(new ValidationError(path, $"Must match {Pattern} (letters, digits and '-')."));
                }

                return;
            default:
                errors.Add(new ValidationError(path, "Must be a string."));
                return;
        }
    }

    // \z rather than $: "$" also matches before a trailing newline.
    [GeneratedRegex(@"^[a-zA-Z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();
}

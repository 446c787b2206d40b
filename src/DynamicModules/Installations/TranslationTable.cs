using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Json;

namespace DynamicModules.Installations;

/// <summary>Stored translations (JSON locale → key → text) as the lookup the i18n resolver takes.</summary>
public static class TranslationTable
{
    /// <summary>
    /// Reads the stored JSON; anything that is not a string entry is skipped, and a document that is not strict
    /// JSON (rows written before fetched translations were checked) reads as no translations rather than throwing.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FromJson(string json)
    {
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (StrictJson.Parse(Encoding.UTF8.GetBytes(json)).Node is not JsonObject locales)
        {
            return table;
        }

        foreach (var (locale, entries) in locales)
        {
            if (entries is JsonObject texts)
            {
                table[locale] = texts
                    .Where(entry => entry.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    .ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<string>(), StringComparer.Ordinal);
            }
        }

        return table;
    }
}

using System.Text.Json.Nodes;

namespace DynamicModules.Modules;

/// <summary>
/// Resolves i18n properties (<c>{"value": "...", "i18n": "key"}</c>, anywhere in a module) against an
/// app's translations at registration time. The text comes from the <c>en-US</c>, <c>en_US</c> or
/// <c>en</c> translation when there is one, else from the first locale given. The resolved text replaces
/// <c>value</c> and <c>i18n</c> is kept; when the key is not translated <c>value</c> stays as the fallback,
/// so users never see a raw i18n key (a known Connect bug, specs/connect.md §1.9).
/// </summary>
public sealed class I18nResolver
{
    private static readonly string[] PreferredLocales = ["en-US", "en_US", "en"];
    private readonly IReadOnlyDictionary<string, string>? _texts;

    /// <summary>Creates a resolver over <paramref name="translations"/>: locale → i18n key → text.</summary>
    public I18nResolver(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> translations)
    {
        ArgumentNullException.ThrowIfNull(translations);
        var locale = PreferredLocales
            .Select(preferred => translations.Keys.FirstOrDefault(l => string.Equals(l, preferred, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(found => found is not null)
            ?? translations.Keys.FirstOrDefault();
        _texts = locale is null ? null : translations[locale];
    }

    /// <summary>Returns a resolved copy of <paramref name="module"/>; the input is not changed.</summary>
    public JsonObject Resolve(JsonObject module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var copy = (JsonObject)module.DeepClone();
        if (_texts is not null)
        {
            ResolveIn(copy);
        }

        return copy;
    }

    private void ResolveIn(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (IsI18nProperty(obj, out var key))
                {
                    if (_texts!.TryGetValue(key, out var text))
                    {
                        obj["value"] = text;
                    }

                    return;
                }

                foreach (var (_, child) in obj)
                {
                    ResolveIn(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ResolveIn(item);
                }

                break;
        }
    }

    /// <summary>An i18n property has a string <c>i18n</c> and otherwise at most a <c>value</c>.</summary>
    private static bool IsI18nProperty(JsonObject obj, out string key)
    {
        key = string.Empty;
        return obj["i18n"] is JsonValue i18n && i18n.TryGetValue(out key!)
            && obj.All(property => property.Key is "i18n" or "value");
    }
}

using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class I18nResolverTests
{
    private static Dictionary<string, IReadOnlyDictionary<string, string>> Translations(params (string Locale, string Key, string Text)[] entries) =>
        entries.GroupBy(e => e.Locale).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(e => e.Key, e => e.Text));

    [Fact]
    public void EnglishTranslationReplacesValueAndKeepsKey()
    {
        var resolver = new I18nResolver(Translations(("fr-FR", "item.name", "Élément"), ("en_US", "item.name", "Item")));
        var module = JsonNode.Parse("""{"key": "a", "name": {"value": "Fallback", "i18n": "item.name"}}""")!.AsObject();

        var resolved = resolver.Resolve(module);

        resolved["name"]!["value"]!.GetValue<string>().ShouldBe("Item");
        resolved["name"]!["i18n"]!.GetValue<string>().ShouldBe("item.name");
        module["name"]!["value"]!.GetValue<string>().ShouldBe("Fallback");
    }

    [Fact]
    public void FirstLocaleIsUsedWithoutEnglish()
    {
        var resolver = new I18nResolver(Translations(("de-DE", "k", "Deutsch"), ("fr-FR", "k", "Français")));

        resolver.Resolve(JsonNode.Parse("""{"name": {"value": "v", "i18n": "k"}}""")!.AsObject())["name"]!["value"]!.GetValue<string>().ShouldBe("Deutsch");
    }

    [Fact]
    public void MissingKeyKeepsTheValue()
    {
        var resolver = new I18nResolver(Translations(("en", "other", "Other")));

        resolver.Resolve(JsonNode.Parse("""{"name": {"value": "Fallback", "i18n": "missing"}}""")!.AsObject())["name"]!["value"]!.GetValue<string>().ShouldBe("Fallback");
    }

    [Fact]
    public void NestedI18nPropertiesAreResolved()
    {
        var resolver = new I18nResolver(Translations(("en-US", "p.name", "Parameter"), ("en-US", "title", "Edit")));
        var module = JsonNode.Parse("""
            {"parameters": [{"identifier": "x", "name": {"value": "p", "i18n": "p.name"}}], "editor": {"editTitle": {"value": "e", "i18n": "title"}}}
            """)!.AsObject();

        var resolved = resolver.Resolve(module);

        resolved["parameters"]![0]!["name"]!["value"]!.GetValue<string>().ShouldBe("Parameter");
        resolved["editor"]!["editTitle"]!["value"]!.GetValue<string>().ShouldBe("Edit");
    }

    [Fact]
    public void RegistrationStoresResolvedText()
    {
        var context = new ModuleValidationContext { ProductType = "jira", Translations = Translations(("en", "item.name", "Translated")) };

        var result = TestContexts.Connect("""{"webItems": [{"key": "a", "location": "x", "url": "/a", "name": {"value": "Raw", "i18n": "item.name"}}]}""", context);

        result.Modules.ShouldHaveSingleItem().Definition["name"]!["value"]!.GetValue<string>().ShouldBe("Translated");
    }
}

using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class ConnectModuleTypeTests
{
    [Fact]
    public void ValidWebItemIsAcceptedWithItsKey()
    {
        var result = TestContexts.Connect("""
            {"webItems": [{"key": "my-item", "location": "system.top.navigation.bar", "url": "/item?issue={issue.key}",
                           "name": {"value": "My item"}, "weight": 10, "target": {"type": "DIALOG"}, "futureProperty": 1}]}
            """);

        result.Errors.ShouldBeEmpty();
        var module = result.Modules.ShouldHaveSingleItem();
        module.Type.ShouldBe("webItems");
        module.Key.ShouldBe("my-item");
        module.Definition["futureProperty"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void WebItemWithoutUrlIsRefusedWithPath()
    {
        var result = TestContexts.Connect("""{"webItems": [{"key": "a", "location": "x", "name": {"value": "A"}}]}""");

        result.IsValid.ShouldBeFalse();
        result.Modules.ShouldBeEmpty();
        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("webItems[0].url", "Required property is missing."));
    }

    [Fact]
    public void ModuleWithThreeProblemsGivesThreeErrors()
    {
        var result = TestContexts.Connect("""
            {"webItems": [{"key": "bad key!", "location": "x", "url": "//evil.example.com/x", "name": {"i18n": "only.key"}}]}
            """);

        result.Paths().ShouldBe(["webItems[0].key", "webItems[0].name.value", "webItems[0].url"], ignoreOrder: true);
    }

    [Fact]
    public void ErrorsOfEveryModuleAreReported()
    {
        var result = TestContexts.Connect("""
            {"webItems": [{"key": "a", "location": "x", "url": "/a"},
                          {"key": "b", "location": "x", "name": {"value": "B"}}],
             "webSections": [{"key": "c", "name": {"value": "C"}}]}
            """);

        result.Paths().ShouldBe(["webItems[0].name", "webItems[1].url", "webSections[0].location"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("dot.ted")]
    [InlineData("trailing-newline\n")]
    public void KeyOutsideThePatternIsRefused(string key)
    {
        var result = TestContexts.Connect($$$"""{"webSections": [{"key": {{{System.Text.Json.JsonSerializer.Serialize(key)}}}, "location": "x", "name": {"value": "S"}}]}""");

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("webSections[0].key");
    }

    [Fact]
    public void KeyLongerThanOneHundredCharactersIsRefused()
    {
        var ok = TestContexts.Connect($$$"""{"webSections": [{"key": "{{{new string('k', 100)}}}", "location": "x", "name": {"value": "S"}}]}""");
        var tooLong = TestContexts.Connect($$$"""{"webSections": [{"key": "{{{new string('k', 101)}}}", "location": "x", "name": {"value": "S"}}]}""");

        ok.IsValid.ShouldBeTrue();
        tooLong.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("webSections[0].key", "Must be at most 100 characters."));
    }

    [Fact]
    public void MissingKeyIsRefusedForConnectModules()
    {
        var result = TestContexts.Connect("""{"webSections": [{"location": "x", "name": {"value": "S"}}]}""");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("webSections[0].key", "Required property is missing."));
    }

    [Fact]
    public void WrongTypesAreRefusedWithTheirPaths()
    {
        var result = TestContexts.Connect("""
            {"webItems": [{"key": "a", "location": 5, "url": "/a", "name": "plain", "weight": "high", "cacheable": "yes",
                           "styleClasses": ["ok", 3], "context": "elsewhere", "icon": {"url": "/i.png", "width": 1.5}}]}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("webItems[0].location", "Must be a string."),
            new ValidationError("webItems[0].name", "Must be an object like {\"value\": \"text\", \"i18n\": \"key\"}."),
            new ValidationError("webItems[0].context", "Must be one of: page, addon, product."),
            new ValidationError("webItems[0].icon.width", "Must be an integer."),
            new ValidationError("webItems[0].weight", "Must be an integer."),
            new ValidationError("webItems[0].styleClasses[1]", "Must be a string."),
            new ValidationError("webItems[0].cacheable", "Must be a boolean."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void I18nPropertyLimitsAreEnforced()
    {
        var result = TestContexts.Connect($$$"""
            {"webSections": [{"key": "s", "location": "x", "name": {"value": "{{{new string('v', 1501)}}}", "i18n": "{{{new string('k', 301)}}}"}}]}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("webSections[0].name.value", "Must be at most 1500 characters."),
            new ValidationError("webSections[0].name.i18n", "Must be at most 300 characters."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void NegativeIconSizeIsOutOfRange()
    {
        var result = TestContexts.Connect("""
            {"webItems": [{"key": "a", "location": "x", "url": "/a", "name": {"value": "A"}, "icon": {"url": "/i.png", "height": -1}}]}
            """);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("webItems[0].icon.height", "Must be at least 0."));
    }

    [Fact]
    public void AbsoluteHttpsUiUrlIsAcceptedButOtherSchemesAreNot()
    {
        var https = TestContexts.Connect("""{"webItems": [{"key": "a", "location": "x", "url": "https://docs.example.com/help", "name": {"value": "A"}}]}""");
        var script = TestContexts.Connect("""{"webItems": [{"key": "a", "location": "x", "url": "javascript:alert(1)", "name": {"value": "A"}}]}""");

        https.IsValid.ShouldBeTrue();
        script.Paths().ShouldBe(["webItems[0].url"]);
    }

    [Fact]
    public void ConditionsAreCheckedRecursively()
    {
        var result = TestContexts.Connect("""
            {"webPanels": [{"key": "p", "location": "x", "url": "/p", "name": {"value": "P"},
                            "conditions": [{"condition": "user_is_logged_in"}, {"and": [{"condition": "x", "invert": "no"}, {"params": {}}]}]}]}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("webPanels[0].conditions[1].and[0].invert", "Must be a boolean."),
            new ValidationError("webPanels[0].conditions[1].and[1].condition", "Must be a condition name (or use 'and'/'or')."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void PageTypesNeedNameAndUrl()
    {
        var result = TestContexts.Connect("""{"generalPages": [{"key": "g"}], "adminPages": [{"key": "a", "name": {"value": "A"}, "url": "/admin"}]}""");

        result.Paths().ShouldBe(["generalPages[0].name", "generalPages[0].url"], ignoreOrder: true);
    }

    [Fact]
    public void JiraIssueFieldNeedsNameDescriptionAndKnownType()
    {
        var result = TestContexts.Connect("""
            {"jiraIssueFields": [{"key": "f", "name": {"value": "F"}, "type": "colour",
                                  "extractions": [{"path": "category", "type": "blob"}]}]}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("jiraIssueFields[0].description", "Required property is missing."),
            new ValidationError("jiraIssueFields[0].type", "Must be one of: string, text, rich_text, number, single_select, multi_select, user, read_only."),
            new ValidationError("jiraIssueFields[0].extractions[0].type", "Must be one of: number, string, text, date, user."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void JiraIssueFieldTypeIsCaseInsensitiveLikeConnect()
    {
        var result = TestContexts.Connect("""
            {"jiraIssueFields": [{"key": "f", "name": {"value": "F"}, "description": {"value": "D"}, "type": "SINGLE_SELECT"}]}
            """);

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void JiraEntityPropertyNeedsKeyConfigurationsWithExtractions()
    {
        var missing = TestContexts.Connect("""{"jiraEntityProperties": [{"key": "e", "name": {"value": "E"}}]}""");
        var empty = TestContexts.Connect("""{"jiraEntityProperties": [{"key": "e", "name": {"value": "E"}, "keyConfigurations": []}]}""");
        var deep = TestContexts.Connect("""
            {"jiraEntityProperties": [{"key": "e", "name": {"value": "E"}, "entityType": "issue",
              "keyConfigurations": [{"propertyKey": "attachment", "extractions": [{"objectName": "extension", "type": "weird"}]}]}]}
            """);

        missing.Paths().ShouldBe(["jiraEntityProperties[0].keyConfigurations"]);
        empty.Errors.ShouldHaveSingleItem().Message.ShouldBe("Must not be empty.");
        deep.Paths().ShouldBe(["jiraEntityProperties[0].keyConfigurations[0].extractions[0].type"]);
    }

    [Fact]
    public void JiraIssueContextNeedsIconContentAndTarget()
    {
        var result = TestContexts.Connect("""{"jiraIssueContexts": [{"key": "c", "name": {"value": "C"}, "target": {"type": "web_panel"}}]}""");

        result.Paths().ShouldBe(["jiraIssueContexts[0].icon", "jiraIssueContexts[0].content", "jiraIssueContexts[0].target.url"], ignoreOrder: true);
    }

    [Fact]
    public void MacrosNeedNameAndUrlAndKnownOutputType()
    {
        var result = TestContexts.Connect("""
            {"dynamicContentMacros": [{"key": "m", "name": {"value": "M"}, "url": "/m?id={macro.id}", "outputType": "BLOCK",
                                       "parameters": [{"identifier": "p", "type": "string"}]}],
             "staticContentMacros": [{"key": "s", "name": {"value": "S"}, "url": "/s", "renderingMethod": "put"}]}
            """, TestContexts.Confluence());

        result.Errors.ShouldBe(
        [
            new ValidationError("dynamicContentMacros[0].parameters[0].name", "Required property is missing."),
            new ValidationError("staticContentMacros[0].renderingMethod", "Must be one of: get, post."),
        ], ignoreOrder: true);
    }
}

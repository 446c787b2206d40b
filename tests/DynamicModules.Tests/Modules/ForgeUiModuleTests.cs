using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class ForgeUiModuleTests
{
    [Fact]
    public void IssuePanelFromTheForgeDocsIsAccepted()
    {
        var result = TestContexts.Forge("""
            {"type": "jira:issuePanel", "data": {"resource": "panel-ui", "resolver": {"function": "main"}, "render": "native",
                                                 "title": "Issue Panel", "icon": "https://example.com/icon.png"}}
            """);

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void IssuePanelProblemsAreAllReported()
    {
        var result = TestContexts.Forge("""
            {"type": "jira:issuePanel", "data": {"resource": "ghost-ui", "resolver": {"function": "ghost"}, "render": "fancy"}}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("data.resource", "Resource 'ghost-ui' is not declared in the app descriptor."),
            new ValidationError("data.resolver.function", "Function 'ghost' is not declared in the app descriptor."),
            new ValidationError("data.render", "Must be one of: native, default."),
            new ValidationError("data.title", "Required property is missing."),
            new ValidationError("data.icon", "Required property is missing."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void UiModuleNeedsAResourceOrFunction()
    {
        var result = TestContexts.Forge("""{"type": "jira:issueAction", "data": {"title": "Act"}}""");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data", "Exactly one of 'resource', 'function' is required."));
    }

    [Fact]
    public void ResolverNeedsFunctionOrEndpoint()
    {
        var result = TestContexts.Forge("""{"type": "jira:issueActivity", "data": {"title": "A", "resource": "panel-ui", "resolver": {}}}""");

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("data.resolver");
    }

    [Theory]
    [InlineData("jira:issueContext", """{"resource": "panel-ui", "title": "Ctx"}""")]
    [InlineData("jira:issueAction", """{"resource": "panel-ui", "title": "Act", "viewportSize": "large"}""")]
    [InlineData("jira:issueActivity", """{"resource": "panel-ui", "title": "Act"}""")]
    [InlineData("jira:customField", """{"name": "Risk", "type": "number", "view": {"resource": "panel-ui"}}""")]
    [InlineData("jira:entityProperty", """{"propertyKey": "stats", "values": [{"path": "count", "type": "number", "searchAlias": "count"}]}""")]
    public void ValidJiraForgeModulesAreAccepted(string type, string data)
    {
        TestContexts.Forge($$"""{"type": "{{type}}", "data": {{data}}}""").Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("macro", """{"resource": "panel-ui", "title": "Macro", "render": "native", "config": true}""")]
    [InlineData("confluence:contentBylineItem", """{"resource": "panel-ui", "title": "Byline", "dynamicProperties": {"function": "main"}}""")]
    [InlineData("confluence:contentProperty", """{"propertyKey": "stats", "values": [{"path": "count", "type": "number"}]}""")]
    public void ValidConfluenceForgeModulesAreAccepted(string type, string data)
    {
        TestContexts.Forge($$"""{"type": "{{type}}", "data": {{data}}}""", TestContexts.Confluence()).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void CustomFieldNeedsNameAndKnownType()
    {
        var result = TestContexts.Forge("""{"type": "jira:customField", "data": {"type": "colour", "collection": "set"}}""");

        result.Paths().ShouldBe(["data.name", "data.type", "data.collection"], ignoreOrder: true);
    }

    [Fact]
    public void EntityPropertyNeedsPropertyKeyAndValues()
    {
        var result = TestContexts.Forge("""{"type": "jira:entityProperty", "data": {"values": [{"path": "count"}]}}""");

        result.Paths().ShouldBe(["data.propertyKey", "data.values[0].type"], ignoreOrder: true);
    }

    [Fact]
    public void MacroNeedsTitle()
    {
        var result = TestContexts.Forge("""{"type": "macro", "data": {"resource": "panel-ui"}}""", TestContexts.Confluence());

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("data.title");
    }
}

using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class ModuleRequestValidatorTests
{
    private const string TwoSections = """{"webSections": [{"key": "s1", "location": "x", "name": {"value": "S"}}, {"key": "s2", "location": "x", "name": {"value": "S"}}]}""";

    [Fact]
    public void DescriptorShapedBodyGivesEveryModule()
    {
        var result = TestContexts.Connect(TwoSections);

        result.Modules.Select(m => m.Key).ShouldBe(["s1", "s2"]);
    }

    [Fact]
    public void ModulesWrapperIsUnwrappedAndPathsKeepIt()
    {
        var ok = TestContexts.Connect($$"""{"modules": {{TwoSections}}}""");
        var bad = TestContexts.Connect("""{"modules": {"webSections": [{"key": "s1", "name": {"value": "S"}}]}}""");

        ok.Modules.Count.ShouldBe(2);
        bad.Paths().ShouldBe(["modules.webSections[0].location"]);
    }

    [Fact]
    public void ModulesArrayIsRefusedWithAClearMessage()
    {
        var result = TestContexts.Connect("""{"modules": [{"key": "s1", "location": "x", "name": {"value": "S"}}]}""");

        var error = result.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("modules");
        error.Message.ShouldContain("cannot be inferred");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"webItems\"")]
    [InlineData("null")]
    public void NonObjectBodyIsRefused(string body)
    {
        TestContexts.Connect(body).Errors.ShouldHaveSingleItem().Path.ShouldBe(string.Empty);
    }

    [Fact]
    public void EmptyBodyIsRefused()
    {
        TestContexts.Connect("{}").Errors.ShouldHaveSingleItem().Message.ShouldBe("The request contains no modules.");
    }

    [Fact]
    public void SingleObjectInsteadOfArrayIsAccepted()
    {
        var result = TestContexts.Connect("""{"generalPages": {"key": "g", "name": {"value": "G"}, "url": "/g"}}""");

        result.Modules.ShouldHaveSingleItem().Key.ShouldBe("g");
    }

    [Fact]
    public void NonObjectModuleIsRefused()
    {
        TestContexts.Connect("""{"webSections": ["s1"]}""").Errors.ShouldHaveSingleItem().Path.ShouldBe("webSections[0]");
        TestContexts.Connect("""{"webSections": 3}""").Errors.ShouldHaveSingleItem().Path.ShouldBe("webSections");
    }

    [Fact]
    public void DuplicateKeysInARequestAreRefusedAcrossTypes()
    {
        var result = TestContexts.Connect("""
            {"webSections": [{"key": "same", "location": "x", "name": {"value": "S"}}],
             "webItems": [{"key": "same", "location": "x", "url": "/a", "name": {"value": "A"}}]}
            """);

        result.Modules.ShouldBeEmpty();
        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("webItems[0].key", "Duplicate module key 'same' (also at webSections[0].key)."));
    }

    [Fact]
    public void OneInvalidModuleRejectsTheWholeRequest()
    {
        var result = TestContexts.Connect("""{"webSections": [{"key": "s1", "location": "x", "name": {"value": "S"}}, {"key": "s2"}]}""");

        result.IsValid.ShouldBeFalse();
        result.Modules.ShouldBeEmpty();
    }

    [Fact]
    public void ForgeBodyNeedsTypeAndData()
    {
        TestContexts.Forge("""{"data": {}}""").Paths().ShouldBe(["type"]);
        TestContexts.Forge("""{"type": "trigger"}""").Paths().ShouldBe(["data"]);
        TestContexts.Forge("""{"type": "trigger", "data": []}""").Paths().ShouldBe(["data"]);
        TestContexts.Forge("[]").Paths().ShouldBe([string.Empty]);
    }

    [Fact]
    public void ForgeTypeNotAllowedInProductIsRefused()
    {
        var result = TestContexts.Forge("""{"type": "macro", "data": {"resource": "panel-ui", "title": "M"}}""");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("type", "Module type macro cannot be registered dynamically in jira"));
    }

    [Fact]
    public void InputIsNotModified()
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{"webhooks": [{"event": "jira:issue_created", "url": "/h"}]}""");

        ModuleRequestValidator.Default.ValidateConnect(body, TestContexts.Jira()).IsValid.ShouldBeTrue();

        body!["webhooks"]![0]!.AsObject().ContainsKey("key").ShouldBeFalse();
    }
}

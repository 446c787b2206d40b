using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class TriggerModuleTests
{
    private const string ServerKey = "0b7c1d5e-0000-4000-8000-000000000001";

    [Fact]
    public void ValidTriggerIsAcceptedWithTheServerKey()
    {
        var result = TestContexts.Forge("""
            {"type": "trigger", "data": {"events": ["avi:jira:updated:issue"], "endpoint": "remote-endpoint",
              "filter": {"expression": "event.issue.fields?.issuetype.name == 'Bug'", "onError": "RECEIVE_AND_LOG", "ignoreSelf": true}}}
            """);

        result.Errors.ShouldBeEmpty();
        var module = result.Modules.ShouldHaveSingleItem();
        module.Type.ShouldBe("trigger");
        module.Key.ShouldBe(ServerKey);
        module.Definition["key"]!.GetValue<string>().ShouldBe(ServerKey);
    }

    [Fact]
    public void KeyInsideDataIsReplacedByTheServerKey()
    {
        var result = TestContexts.Forge("""{"type": "trigger", "data": {"key": "client-key", "events": ["e"], "function": "main"}}""");

        result.Modules.ShouldHaveSingleItem().Definition["key"]!.GetValue<string>().ShouldBe(ServerKey);
    }

    [Fact]
    public void TriggerWithoutEventsIsRefused()
    {
        TestContexts.Forge("""{"type": "trigger", "data": {"function": "main"}}""").Errors.ShouldHaveSingleItem()
            .ShouldBe(new ValidationError("data.events", "Required property is missing."));
        TestContexts.Forge("""{"type": "trigger", "data": {"events": [], "function": "main"}}""").Errors.ShouldHaveSingleItem()
            .ShouldBe(new ValidationError("data.events", "Must not be empty."));
    }

    [Fact]
    public void NonStringEventIsReportedAtItsIndex()
    {
        var result = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["avi:jira:created:issue", 7], "function": "main"}}""");

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("data.events[1]");
    }

    [Fact]
    public void TriggerNeedsExactlyOneOfFunctionAndEndpoint()
    {
        var neither = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"]}}""");
        var both = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "function": "main", "endpoint": "remote-endpoint"}}""");

        neither.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data", "Exactly one of 'function', 'endpoint' is required."));
        both.Errors.ShouldHaveSingleItem().Path.ShouldBe("data");
    }

    [Fact]
    public void TriggerMustNameDeclaredFunctionOrEndpoint()
    {
        var function = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "function": "ghost"}}""");
        var endpoint = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "endpoint": "ghost"}}""");

        function.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data.function", "Function 'ghost' is not declared in the app descriptor."));
        endpoint.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data.endpoint", "Endpoint 'ghost' is not declared in the app descriptor."));
    }

    [Fact]
    public void FilterOptionsAreChecked()
    {
        var result = TestContexts.Forge("""
            {"type": "trigger", "data": {"events": ["e"], "function": "main", "filter": {"onError": "SHRUG", "ignoreSelf": "yes", "expression": 3}}}
            """);

        result.Errors.ShouldBe(
        [
            new ValidationError("data.filter.expression", "Must be a string."),
            new ValidationError("data.filter.onError", "Must be one of: IGNORE_AND_LOG, IGNORE, RECEIVE_AND_LOG, RECEIVE."),
            new ValidationError("data.filter.ignoreSelf", "Must be a boolean."),
        ], ignoreOrder: true);
    }

    [Fact]
    public void OnErrorWithoutExpressionIsRefused()
    {
        var result = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "function": "main", "filter": {"onError": "IGNORE"}}}""");

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data.filter", "'onError' is only allowed together with 'expression'."));
    }

    [Fact]
    public void ExpressionErrorsComeFromTheFilterChecker()
    {
        var context = new ModuleValidationContext
        {
            ProductType = "jira",
            Scopes = new HashSet<string> { "READ" },
            FunctionKeys = new HashSet<string> { "main" },
            CheckFilter = TestContexts.FakeFilterChecker,
        };

        var result = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "function": "main", "filter": {"expression": "event.x !! 1"}}}""", context);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data.filter.expression", "Expression syntax error (line 1, column 5)"));
    }

    [Fact]
    public void TriggerNeedsTheReadScope()
    {
        var result = TestContexts.Forge("""{"type": "trigger", "data": {"events": ["e"], "function": "main"}}""", TestContexts.Jira("WRITE"));

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("data", "Module type trigger needs the READ scope, which the app does not declare."));
    }

    [Fact]
    public void TriggerWithEveryProblemReportsThemAll()
    {
        var result = TestContexts.Forge("""{"type": "trigger", "data": {"events": "avi:jira:created:issue", "function": "ghost", "filter": {"ignoreSelf": 1}}}""", TestContexts.Jira("WRITE"));

        result.Paths().ShouldBe(["data.events", "data.function", "data.filter.ignoreSelf", "data"], ignoreOrder: true);
    }
}

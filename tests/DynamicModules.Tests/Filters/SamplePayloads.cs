using System.Text.Json;
using DynamicModules.Filters;

namespace DynamicModules.Tests.Filters;

/// <summary>Realistic event payloads and small helpers shared by the filter tests.</summary>
internal static class SamplePayloads
{
    public const string IssueUpdatedJson = """
        {
          "timestamp": 1767225600000,
          "webhookEvent": "jira:issue_updated",
          "eventType": "avi:jira:updated:issue",
          "selfGenerated": false,
          "atlassianId": "5b10ac8d82e05b22cc7d4ef5",
          "issue": {
            "id": "10042",
            "key": "PROJ-42",
            "fields": {
              "summary": "Checkout fails with \"500\" on Safari",
              "issuetype": { "id": "10004", "name": "Bug" },
              "project": { "id": "10000", "key": "PROJ", "name": "Payments Platform" },
              "status": { "id": "3", "name": "In Progress" },
              "priority": { "id": "2", "name": "High" },
              "assignee": { "accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Ada Lovelace" },
              "reporter": { "accountId": "557058:f58131cb", "displayName": "Grace Hopper" },
              "labels": ["customer", "urgent", "safari"],
              "storyPoints": 5,
              "resolution": null,
              "components": [ { "name": "web" }, { "name": "api" } ]
            }
          },
          "changelog": {
            "id": "10150",
            "items": [
              { "field": "status", "fromString": "To Do", "toString": "In Progress" },
              { "field": "priority", "fromString": "Medium", "toString": "High" }
            ]
          }
        }
        """;

    private static readonly JsonDocument IssueUpdatedDocument = JsonDocument.Parse(IssueUpdatedJson);

    public static JsonElement IssueUpdated => IssueUpdatedDocument.RootElement;

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    /// <summary>Compiles an expression, failing the test with the errors if it does not compile.</summary>
    public static CompiledFilter CompileExpression(string source, FilterLimits? limits = null)
    {
        var compilation = FilterCompiler.Compile(FilterLanguage.Expression, source, limits);
        compilation.Errors.ShouldBeEmpty($"'{source}' should compile");
        return compilation.Filter!;
    }

    public static FilterOutcome Evaluate(string source, JsonElement payload) => CompileExpression(source).Evaluate(payload);

    public static FilterOutcome Evaluate(string source) => Evaluate(source, IssueUpdated);

    public static FilterError SingleError(FilterLanguage language, string source)
    {
        var compilation = FilterCompiler.Compile(language, source);
        compilation.Succeeded.ShouldBeFalse($"'{source}' should not compile");
        return compilation.Errors.ShouldHaveSingleItem();
    }
}

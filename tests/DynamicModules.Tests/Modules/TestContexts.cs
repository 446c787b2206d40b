using System.Text.Json.Nodes;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

internal static class TestContexts
{
    public static ModuleValidationContext Jira(params string[] scopes) => new()
    {
        AppKey = "my-app",
        ProductType = "jira",
        Scopes = new HashSet<string>(scopes.Length == 0 ? ["READ"] : scopes),
        FunctionKeys = new HashSet<string> { "main" },
        EndpointKeys = new HashSet<string> { "remote-endpoint" },
        ResourceKeys = new HashSet<string> { "panel-ui" },
    };

    public static ModuleValidationContext Confluence() => new()
    {
        AppKey = "my-app",
        ProductType = "confluence",
        Scopes = new HashSet<string> { "READ" },
        FunctionKeys = new HashSet<string> { "main" },
        ResourceKeys = new HashSet<string> { "panel-ui" },
    };

    /// <summary>A stand-in filter checker: any filter containing "!!" is wrong at line 1, column 5.</summary>
    public static IReadOnlyList<FilterError> FakeFilterChecker(FilterLanguage language, string text) =>
        text.Contains("!!") ? [new FilterError($"{language} syntax error", 1, 5)] : [];

    public static ModuleValidationResult Connect(string json, ModuleValidationContext? context = null) =>
        ModuleRequestValidator.Default.ValidateConnect(JsonNode.Parse(json), context ?? Jira());

    public static ModuleValidationResult Forge(string json, ModuleValidationContext? context = null) =>
        ModuleRequestValidator.Default.ValidateForge(JsonNode.Parse(json), "0b7c1d5e-0000-4000-8000-000000000001", context ?? Jira());

    public static string[] Paths(this ModuleValidationResult result) => result.Errors.Select(e => e.Path).ToArray();
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DynamicModules.Server.Tests.Docs;

/// <summary>
/// The OpenAPI document as a client generator reads it: valid for a real OpenAPI reader, and complete (DESIGN §4.2):
/// every operation named and described, authenticated, with its path parameters, its body and its error answers.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    // Operations that take no body although they are POST: a command in the path alone.
    private static readonly HashSet<string> Bodyless = new(StringComparer.Ordinal)
    {
        "post /api/v1/tenants/{tenant}/apps/{appKey}/enable",
        "post /api/v1/tenants/{tenant}/apps/{appKey}/disable",
        "post /api/v1/deliveries/{id}/redeliver",
        "post /api/v1/tenants/{tenant}/apps/{appKey}/migrate-to-forge",
    };

    private ServiceHost _host = null!;
    private string _text = null!;
    private JsonObject _document = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _text = await _host.Anonymous.GetStringAsync("openapi/v1.json");
        _document = JsonNode.Parse(_text)!.AsObject();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void TheDocumentReadsWithoutErrorsAndPassesTheDefaultValidationRules()
    {
        var read = OpenApiDocument.Parse(_text, OpenApiConstants.Json, new OpenApiReaderSettings());

        read.Diagnostic!.Errors.Select(error => $"{error.Pointer}: {error.Message}").ShouldBeEmpty();
        read.Document.ShouldNotBeNull();
        read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(error => $"{error.Pointer}: {error.Message}").ShouldBeEmpty();
        read.Document.Paths.Count.ShouldBeGreaterThanOrEqualTo(25);
    }

    [Fact]
    public void TheDocumentDeclaresTheThreeSecuritySchemes()
    {
        var schemes = _document["components"]!["securitySchemes"]!.AsObject();

        schemes.Select(scheme => scheme.Key).ShouldBe(["operatorKey", "connectJwt", "forgeAppToken"], ignoreOrder: true);
        schemes["operatorKey"]!["type"]!.GetValue<string>().ShouldBe("http");
        schemes["operatorKey"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
    }

    [Fact]
    public void EveryOperationHasAUniqueNameASummaryAndADescription()
    {
        var missing = Operations()
            .Where(operation => Text(operation.Body, "operationId") is null || Text(operation.Body, "summary") is null || Text(operation.Body, "description") is null)
            .Select(operation => operation.Name)
            .ToList();

        missing.ShouldBeEmpty();
        Operations().Select(operation => Text(operation.Body, "operationId")).ShouldBeUnique();
    }

    [Fact]
    public void EveryApiOperationIsAuthenticatedAndDeclaresItsRefusals()
    {
        var problems = new List<string>();
        foreach (var (name, path, body) in Operations().Where(operation => operation.Path.StartsWith("/api/", StringComparison.Ordinal) || operation.Path.StartsWith("/t/", StringComparison.Ordinal)))
        {
            var expected = path.StartsWith("/t/", StringComparison.Ordinal) ? "connectJwt" : "operatorKey";
            if (body["security"] is not JsonArray { Count: > 0 } security || security[0]![expected] is null)
            {
                problems.Add($"{name}: no {expected} security requirement");
            }

            var statuses = body["responses"]!.AsObject().Select(response => response.Key).ToList();
            if (!statuses.Contains("401"))
            {
                problems.Add($"{name}: no 401");
            }

            if (!statuses.Any(status => status.StartsWith('4') && status != "401"))
            {
                problems.Add($"{name}: no 4xx besides 401");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void EveryPathParameterIsDeclaredOnItsOperations()
    {
        var problems = new List<string>();
        foreach (var (name, path, body) in Operations())
        {
            var declared = (body["parameters"] as JsonArray ?? []).Where(parameter => parameter!["in"]!.GetValue<string>() == "path")
                .Select(parameter => parameter!["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var parameter in path.Split('/').Where(segment => segment.StartsWith('{')).Select(segment => segment.Trim('{', '}')))
            {
                if (!declared.Contains(parameter))
                {
                    problems.Add($"{name}: {{{parameter}}} is not declared");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void EveryPostAndPutDeclaresItsJsonBodyWithASchema()
    {
        var missing = Operations()
            .Where(operation => operation.Name.StartsWith("post ", StringComparison.Ordinal) || operation.Name.StartsWith("put ", StringComparison.Ordinal))
            .Where(operation => !Bodyless.Contains(operation.Name))
            .Where(operation => operation.Body["requestBody"]?["content"]?["application/json"]?["schema"] is null)
            .Select(operation => operation.Name)
            .ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void TheStatusesThatAreNot200AreTheOnesTheServiceAnswers()
    {
        Responses("post", "/t/{tenant}/forge/installation/v2/dynamic/module").ShouldContain("201");
        Responses("delete", "/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic").ShouldContain("204");
        Responses("delete", "/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic").ShouldNotContain("200");
        Responses("post", "/api/v1/tenants/{tenant}/events").ShouldContain("202");
        Responses("put", "/api/v1/tenants/{tenant}").ShouldContain("201");
    }

    private List<string> Responses(string method, string path) =>
        _document["paths"]![path]![method]!["responses"]!.AsObject().Select(response => response.Key).ToList();

    private List<(string Name, string Path, JsonObject Body)> Operations() =>
        _document["paths"]!.AsObject()
            .SelectMany(path => Methods.Where(method => path.Value![method] is not null)
                .Select(method => ($"{method} {path.Key}", path.Key, path.Value![method]!.AsObject())))
            .ToList();

    private static string? Text(JsonObject operation, string name) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}

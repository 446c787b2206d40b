using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

/// <summary>
/// The operator's module routes (render-time read, change feed, quotas, module delete) refuse in problem+json, naming
/// the parameter that is wrong; an unknown tenant is a 404 problem on each.
/// </summary>
public sealed class ModuleOperatorErrorTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private string _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> ProblemAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await _host.Operator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    private Task<JsonObject> ProblemAsync(HttpMethod method, string path, HttpStatusCode expected) => ProblemAsync(new HttpRequestMessage(method, path), expected);

    [Theory]
    [InlineData("app")]
    [InlineData("type")]
    [InlineData("location")]
    public async Task AnOverlongReadFilterIsRefusedByName(string parameter)
    {
        var problem = await ProblemAsync(HttpMethod.Get, $"api/v1/tenants/{_tenant}/modules?{parameter}={new string('x', 257)}", HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldBe([parameter]);
        problem["detail"]!.GetValue<string>().ShouldBe($"{parameter} must be at most 256 characters.");
        (await _host.Operator.GetAsync($"api/v1/tenants/{_tenant}/modules?{parameter}={new string('x', 256)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABadChangeFeedCursorIsRefusedNamingWhereItCameFrom()
    {
        var query = await ProblemAsync(HttpMethod.Get, $"api/v1/tenants/{_tenant}/changes?after=-1", HttpStatusCode.BadRequest);
        query["errors"]!["after"]![0]!.GetValue<string>().ShouldContain("non-negative integer");

        var header = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{_tenant}/changes?after=3");
        header.Headers.Add("Last-Event-ID", "abc");
        (await ProblemAsync(header, HttpStatusCode.BadRequest))["errors"]!["Last-Event-ID"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AnUnknownTenantIsA404ProblemOnEveryModuleRoute()
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "modules"), (HttpMethod.Get, "changes"), (HttpMethod.Get, "quotas"), (HttpMethod.Delete, "apps/some-app/modules/some-module"),
        })
        {
            var problem = await ProblemAsync(method, $"api/v1/tenants/no-such-tenant/{path}", HttpStatusCode.NotFound);
            problem["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
        }

        var module = await ProblemAsync(HttpMethod.Delete, $"api/v1/tenants/{_tenant}/apps/some-app/modules/some-module", HttpStatusCode.NotFound);
        module["detail"]!.GetValue<string>().ShouldContain("some-module");
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesEveryModuleOperationAndDeclaresWhatItAnswers()
    {
        var document = (await _host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        JsonObject Operation(string path, string method) => paths[path]![method]!.AsObject();
        List<string> Statuses(JsonObject operation) => [.. operation["responses"]!.AsObject().Select(response => response.Key)];

        var expected = new (string Path, string Method, string Name, string[] Statuses)[]
        {
            ("/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic", "post", "RegisterConnectModules", ["200", "400", "401", "403", "413"]),
            ("/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic", "get", "ListConnectModules", ["200", "400", "401"]),
            ("/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic", "delete", "DeleteConnectModules", ["204", "400", "401", "403"]),
            ("/t/{tenant}/forge/installation/v2/dynamic/module", "post", "RegisterForgeModule", ["201", "401", "403", "413", "422"]),
            ("/t/{tenant}/forge/installation/v2/dynamic/module", "get", "ListForgeModules", ["200", "401", "422"]),
            ("/t/{tenant}/forge/installation/v2/dynamic/module/{key}", "get", "GetForgeModule", ["200", "401", "404", "422"]),
            ("/t/{tenant}/forge/installation/v2/dynamic/module/{key}", "put", "UpdateForgeModule", ["200", "400", "401", "403", "404", "413", "422"]),
            ("/t/{tenant}/forge/installation/v2/dynamic/module/{key}", "delete", "DeleteForgeModule", ["204", "401", "403", "404", "422"]),
            ("/t/{tenant}/rest/dynamic-modules/1/quota", "get", "GetAppQuota", ["200", "400", "401"]),
            ("/api/v1/tenants/{tenant}/modules", "get", "ReadModules", ["200", "304", "400", "401", "404"]),
            ("/api/v1/tenants/{tenant}/changes", "get", "ReadModuleChanges", ["200", "400", "401", "404"]),
            ("/api/v1/tenants/{tenant}/quotas", "get", "ListTenantQuotas", ["200", "400", "401", "404"]),
            ("/api/v1/tenants/{tenant}/apps/{appKey}/modules/{moduleKey}", "delete", "DeleteDynamicModule", ["204", "400", "401", "404"]),
        };
        foreach (var (path, method, name, statuses) in expected)
        {
            var operation = Operation(path, method);
            operation["operationId"]!.GetValue<string>().ShouldBe(name);
            operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            Statuses(operation).Order(StringComparer.Ordinal).ToArray().ShouldBe(statuses, customMessage: name);
        }

        // Request bodies: the Forge record, and Connect's free-form map of module type to definitions.
        Operation("/t/{tenant}/forge/installation/v2/dynamic/module", "post")["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!
            .GetValue<string>().ShouldEndWith("/ForgeModuleRequest");
        var connectBody = Operation("/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic", "post")["requestBody"]!["content"]!["application/json"]!["schema"]!;
        connectBody["additionalProperties"]!["type"]!.GetValue<string>().ShouldBe("array");

        // App routes answer in their dialect; the read documents its validator and the feed its media type.
        Operation("/t/{tenant}/forge/installation/v2/dynamic/module", "post")["responses"]!["422"]!["content"]!["application/json"].ShouldNotBeNull();
        var read = Operation("/api/v1/tenants/{tenant}/modules", "get");
        read["responses"]!["200"]!["headers"]!["ETag"].ShouldNotBeNull();
        read["responses"]!["304"]!["headers"]!["ETag"].ShouldNotBeNull();
        read["parameters"]!.AsArray().Select(parameter => parameter!["name"]!.GetValue<string>()).ShouldContain("If-None-Match");
        // (The {tenant} path parameter of VisibleTenant routes is the lead's document transformer's to add.)
        var changes = Operation("/api/v1/tenants/{tenant}/changes", "get");
        changes["responses"]!["200"]!["content"]!["text/event-stream"].ShouldNotBeNull();
        changes["parameters"]!.AsArray().Select(parameter => parameter!["name"]!.GetValue<string>()).ShouldBe(["tenant", "after", "Last-Event-ID"], ignoreOrder: true);
    }
}

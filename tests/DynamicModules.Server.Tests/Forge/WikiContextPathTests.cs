using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;

namespace DynamicModules.Server.Tests.Forge;

/// <summary>
/// Confluence's <c>/wiki</c> context path (DESIGN §4.1) on both engines: the base URL new Confluence tenants get, the
/// app-facing API under it with qsh relative to it, and the tenants that keep their old base URL.
/// </summary>
public sealed class WikiContextPathTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ANewConfluenceTenantsAppsAreGivenTheWikiBaseUrlAndRegisterUnderIt(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = await host.CreateTenantAsync(productType: "confluence");
        var key = tenant["key"]!.GetValue<string>();
        tenant["baseUrl"]!.GetValue<string>().ShouldBe($"{host.BaseUrl}/t/{key}/wiki");

        await using var app = await InstalledApp.CreateAsync(host, tenant);

        app.App.ReceivedAt("/installed").Single().Body!["baseUrl"]!.GetValue<string>().ShouldBe($"{host.BaseUrl}/t/{key}/wiki");
        // The client prefixes the base URL it was given and computes qsh relative to it, as ACE does.
        (await app.RegisterAsync(InstalledApp.WebItems("under-wiki"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Client.FullPathQsh = true;
        (await app.ListKeysAsync()).ShouldBe(["under-wiki"]);
        app.Client.FullPathQsh = false;
        (await app.Http.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota"))!["used"]!.GetValue<int>().ShouldBe(1);
        var forge = await app.Http.GetAsync(InstalledApp.ForgePath);
        forge.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Under /wiki the base is /t/{tenant}/wiki, as Confluence's is /wiki: a qsh over "/wiki/rest/..." names another request.
        app.Client.EditClaims = claims => claims["qsh"] = DynamicModules.Protocol.Connect.QueryStringHash.Compute(
            "GET", $"/t/{key}/wiki/{InstalledApp.DynamicPath}", null, $"/t/{key}");
        (await app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task OnlyConfluenceTenantsAnswerUnderWiki(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var jira = await host.CreateTenantAsync();
        jira["baseUrl"]!.GetValue<string>().ShouldNotEndWith("/wiki");
        await using var app = await InstalledApp.CreateAsync(host, jira);
        (await app.RegisterAsync(InstalledApp.WebItems("jira-item"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var wiki = new ConnectAppClient(app.App.Key, app.App.SharedSecret, app.ClientKey, app.TenantBaseUrl + "/wiki");
        var response = await wiki.Http.GetAsync(InstalledApp.DynamicPath);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AConfluenceTenantCreatedBeforeTheRuleKeepsItsBaseUrlAndAnswersUnderBothPaths(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var key = (await host.CreateTenantAsync(productType: "confluence"))["key"]!.GetValue<string>();
        // What migration 0006 leaves on a tenant that existed before it.
        var database = host.App.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE tenants SET wiki_context_path = 0 WHERE tenant_key = @key";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "key";
            parameter.Value = key;
            command.Parameters.Add(parameter);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var tenant = (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{key}"))!;
        tenant["baseUrl"]!.GetValue<string>().ShouldBe($"{host.BaseUrl}/t/{key}");
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{key}", new { productType = "confluence", displayName = "Renamed" })).EnsureSuccessStatusCode();
        tenant = (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{key}"))!;
        tenant["baseUrl"]!.GetValue<string>().ShouldBe($"{host.BaseUrl}/t/{key}");

        await using var app = await InstalledApp.CreateAsync(host, tenant);
        (await app.RegisterAsync(InstalledApp.WebItems("old-style"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var wiki = new ConnectAppClient(app.App.Key, app.App.SharedSecret, app.ClientKey, app.TenantBaseUrl + "/wiki");
        (await wiki.Http.GetFromJsonAsync<JsonObject>(InstalledApp.DynamicPath))!["webItems"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryAppFacingOperationUnderWikiToo()
    {
        await using var host = await ServiceHost.StartAsync();
        var paths = (await host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!["paths"]!.AsObject();

        var appPaths = paths.Select(p => p.Key).Where(p => p.StartsWith("/t/{tenant}/", StringComparison.Ordinal) && !p.StartsWith("/t/{tenant}/wiki/", StringComparison.Ordinal)).ToList();
        appPaths.ShouldNotBeEmpty();
        foreach (var path in appPaths)
        {
            var twin = "/t/{tenant}/wiki" + path["/t/{tenant}".Length..];
            paths.ContainsKey(twin).ShouldBeTrue(twin);
            var operations = paths[path]!.AsObject().Select(o => o.Key).Where(m => m is "get" or "post" or "put" or "delete");
            foreach (var method in operations)
            {
                paths[twin]![method]!["operationId"]!.GetValue<string>().ShouldBe(paths[path]![method]!["operationId"]!.GetValue<string>() + "UnderWiki");
            }
        }
    }
}

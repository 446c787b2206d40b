using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Hostile;

/// <summary>
/// Each hostile body that used to answer 500 (duplicate names, lone surrogates, non-objects, deep nesting, size)
/// now answers a 4xx that names the problem and its JSON path, in each surface's own error shape.
/// </summary>
public sealed class HostileBodyTests : InstalledAppTest
{
    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    // An oversized body is refused from its Content-Length, before it is read, and the connection is then closed.
    // Without "Expect: 100-continue" the client may still be writing the body when the refusal arrives and see a
    // broken pipe instead of the 413; with it the client waits for the answer first, as a well-behaved client does.
    private static HttpRequestMessage Request(HttpMethod method, string path, string raw) =>
        new(method, path) { Content = Json(raw), Headers = { ExpectContinue = true } };

    private async Task<JsonObject> OperatorProblemAsync(HttpMethod method, string path, string raw, HttpStatusCode expected)
    {
        var response = await Host.Operator.SendAsync(Request(method, path, raw));
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    private static async Task<JsonObject> AppMessageAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        response.StatusCode.ShouldBe(expected);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return body;
    }

    [Fact]
    public async Task DuplicatePropertyInATenantBodyIsRefusedWithItsPath()
    {
        var problem = await OperatorProblemAsync(HttpMethod.Put, "api/v1/tenants/dup", """{"productType":"jira","productType":"jira","displayName":"x"}""", HttpStatusCode.BadRequest);
        problem["errors"]!["productType"]![0]!.GetValue<string>().ShouldContain("more than once");
        (await Host.Operator.GetAsync("api/v1/tenants/dup")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LoneSurrogateInADisplayNameIsRefusedWithItsPath()
    {
        var problem = await OperatorProblemAsync(HttpMethod.Put, "api/v1/tenants/lone", """{"productType":"jira","displayName":"\ud800"}""", HttpStatusCode.BadRequest);
        problem["errors"]!["displayName"]![0]!.GetValue<string>().ShouldContain("UTF-16");
    }

    [Fact]
    public async Task LoneSurrogatesInEventIdsRolesAndAnalyseAreRefused()
    {
        var tenant = App.TenantKey;
        (await OperatorProblemAsync(HttpMethod.Post, $"api/v1/tenants/{tenant}/events", """{"id":"\udc00x","type":"avi:jira:created:issue","payload":{}}""", HttpStatusCode.BadRequest))
            ["errors"]!["id"].ShouldNotBeNull();
        (await OperatorProblemAsync(HttpMethod.Put, $"api/v1/tenants/{tenant}/users/u1", """{"roles":["ok","\ud800"]}""", HttpStatusCode.BadRequest))
            ["errors"]!["roles[1]"].ShouldNotBeNull();
        (await OperatorProblemAsync(HttpMethod.Post, "api/v1/expressions/analyse", """{"expressions":["event.a == '\ud800'"]}""", HttpStatusCode.BadRequest))
            ["errors"]!["expressions[0]"].ShouldNotBeNull();
        var app = await AppMessageAsync(await App.Http.PostAsync("rest/dynamic-modules/1/expression/analyse", Json("""{"expressions":["\ud800"]}""")), HttpStatusCode.BadRequest);
        app["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("expressions[0]");
    }

    [Fact]
    public async Task ConnectBodiesWithDuplicateTypesOrSurrogateKeysAreRefusedAndNothingIsStored()
    {
        var duplicate = await AppMessageAsync(await App.Http.PostAsync(InstalledApp.DynamicPath, Json("""{"webItems":[],"webItems":[]}""")), HttpStatusCode.BadRequest);
        duplicate["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("webItems");
        var surrogate = await AppMessageAsync(await App.Http.PostAsync(InstalledApp.DynamicPath,
            Json("""{"webItems":[{"key":"\ud800","location":"a.b","url":"/x","name":{"value":"n"}}]}""")), HttpStatusCode.BadRequest);
        surrogate["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("webItems[0].key");
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task ForgeBodiesThatAreArraysDeepOrSurrogateAreRefused()
    {
        var created = await App.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("ignored") });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();

        await AppMessageAsync(await App.Http.PutAsync($"{InstalledApp.ForgePath}/{key}", Json("""[{"type":"webItems"}]""")), HttpStatusCode.UnprocessableEntity);
        var deep = await AppMessageAsync(await App.Http.PostAsync(InstalledApp.ForgePath, Json(new string('[', 200) + new string(']', 200))), HttpStatusCode.UnprocessableEntity);
        deep["message"]!.GetValue<string>().ShouldContain("64");
        var surrogate = await AppMessageAsync(await App.Http.PostAsync(InstalledApp.ForgePath,
            Json("""{"type":"webItems","data":{"location":"a.b","url":"/x","name":{"value":"\udfff"}}}""")), HttpStatusCode.UnprocessableEntity);
        surrogate["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("data.name.value");
        (await App.Http.GetFromJsonAsync<JsonObject>($"{InstalledApp.ForgePath}/{key}"))!["data"]!["name"]!["value"]!.GetValue<string>().ShouldBe("Item ignored");
    }

    [Fact]
    public async Task NonObjectsAndOversizedBodiesAreRefused()
    {
        (await OperatorProblemAsync(HttpMethod.Put, "api/v1/tenants/arr", "[1,2]", HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("an array");
        var big = "{\"displayName\":\"" + new string('a', (1 << 20) + 10) + "\"}";
        (await OperatorProblemAsync(HttpMethod.Put, "api/v1/tenants/big", big, HttpStatusCode.RequestEntityTooLarge))["detail"]!.GetValue<string>().ShouldContain("1048576");
        await AppMessageAsync(await App.Http.SendAsync(Request(HttpMethod.Post, InstalledApp.DynamicPath, big)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnInlineDescriptorWithTwoKeysIsRefused()
    {
        var raw = """{"descriptor":{"key":"a","key":"b","baseUrl":"BASE"}}""".Replace("BASE", App.App.BaseUrl, StringComparison.Ordinal);
        (await OperatorProblemAsync(HttpMethod.Post, $"api/v1/tenants/{App.TenantKey}/apps", raw, HttpStatusCode.BadRequest))
            ["errors"]!["descriptor.key"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AJwtAppWithoutAnInstalledCallbackCannotInstall()
    {
        var descriptor = App.App.Descriptor();
        descriptor["key"] = "no-installed";
        descriptor["lifecycle"]!.AsObject().Remove("installed");
        var response = await Host.Operator.PostAsJsonAsync($"api/v1/tenants/{App.TenantKey}/apps", new JsonObject { ["descriptor"] = descriptor });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["errors"]!["lifecycle.installed"]![0]!.GetValue<string>().ShouldContain("could never learn");
    }

    [Theory]
    [InlineData("?moduleKey=")]
    [InlineData("?moduleKey=,")]
    [InlineData("?moduleKey=%20,%20")]
    public async Task AModuleKeyParameterNamingNoKeyDeletesNothing(string query)
    {
        (await App.RegisterAsync(InstalledApp.WebItems("k-1", "k-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await AppMessageAsync(await App.Http.DeleteAsync(InstalledApp.DynamicPath + query), HttpStatusCode.BadRequest);
        (await App.ListKeysAsync()).ShouldBe(["k-1", "k-2"]);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task AWebhookForAnEventOutsideTheCatalogIsRefusedByName()
    {
        var body = JsonNode.Parse("""{"webhooks":[{"key":"w","event":"jira:issue_exploded","url":"/h"}]}""")!.AsObject();
        var refused = await AppMessageAsync(await App.RegisterAsync(body), HttpStatusCode.BadRequest);
        refused["message"]!.GetValue<string>().ShouldContain("jira:issue_exploded");
        refused["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("webhooks[0].event");
        body["webhooks"]![0]!["event"] = "jira:issue_created";
        (await App.RegisterAsync(body)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownModuleTypeNamesTheKnownTypes()
    {
        var refused = await AppMessageAsync(await App.RegisterAsync(new JsonObject { ["webThings"] = new JsonArray() }), HttpStatusCode.BadRequest);
        refused["message"]!.GetValue<string>().ShouldContain("webItems");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

/// <summary>
/// How the Connect and Forge module routes refuse a body, on each engine: in their own dialect (<c>{message, errors:
/// [{path, message}]}</c> as JSON, never problem+json), with the status the dialect uses (Connect 400, Forge 422), and
/// naming the member that is wrong.
/// </summary>
public sealed class ModuleRequestErrorTests
{
    private const string Path = InstalledApp.ForgePath;

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static async Task<(string Message, List<(string Path, string Message)> Errors)> RefusalAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(text)!.AsObject();
        body.ContainsKey("title").ShouldBeFalse("the app dialects answer {message}, not a problem");
        var errors = body["errors"]?.AsArray().Select(e => (e!["path"]!.GetValue<string>(), e["message"]!.GetValue<string>())).ToList() ?? [];
        return (body["message"]!.GetValue<string>(), errors);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ForgeBodiesAreRefusedWith422NamingTheMemberAndNothingIsStored(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);

        // A member of the wrong type is refused while binding, with its path.
        var wrongType = await RefusalAsync(await app.Http.PostAsync(Path, Json("""{"type": 5, "data": {}}""")), HttpStatusCode.UnprocessableEntity);
        wrongType.Errors.ShouldBe([("type", "type must be a string.")]);
        var dataNotObject = await RefusalAsync(await app.Http.PostAsync(Path, Json("""{"type": "webItems", "data": "item"}""")), HttpStatusCode.UnprocessableEntity);
        dataNotObject.Errors.ShouldBe([("data", "data must be an object.")]);

        // Missing required members: both reported at once, in the catalog's words.
        var missing = await RefusalAsync(await app.Http.PostAsync(Path, Json("{}")), HttpStatusCode.UnprocessableEntity);
        missing.Errors.Select(e => e.Path).ShouldBe(["type", "data"]);
        missing.Message.ShouldContain("type");
        missing.Message.ShouldContain("data");

        // Every problem of the definition at once.
        var invalid = await RefusalAsync(await app.Http.PostAsJsonAsync(Path, new JsonObject { ["type"] = "webItems", ["data"] = new JsonObject { ["url"] = 7 } }),
            HttpStatusCode.UnprocessableEntity);
        invalid.Errors.Select(e => e.Path).ShouldContain("data.url");
        invalid.Errors.Select(e => e.Path).ShouldContain("data.location");
        invalid.Errors.Count.ShouldBeGreaterThan(2);

        var page = (await app.Http.GetFromJsonAsync<JsonObject>(Path))!;
        page["modules"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task ForgeUpdateRefusesABadBodyIn422AndAKeyChangeInDataWith400()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var app = await InstalledApp.CreateAsync(host);
        var created = await app.Http.PostAsJsonAsync(Path, new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("first") });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        created.Headers.Location!.OriginalString.ShouldEndWith($"/{Path}/{key}");

        var wrongKeyType = await RefusalAsync(await app.Http.PutAsync($"{Path}/{key}", Json("""{"type": "webItems", "data": {}, "key": 1}""")), HttpStatusCode.UnprocessableEntity);
        wrongKeyType.Errors.ShouldBe([("key", "key must be a string.")]);

        var renamed = InstalledApp.WebItem(Guid.NewGuid().ToString(), "Renamed");
        var refused = await RefusalAsync(await app.Http.PutAsJsonAsync($"{Path}/{key}", new JsonObject { ["type"] = "webItems", ["data"] = renamed }), HttpStatusCode.BadRequest);
        refused.Message.ShouldBe("Key cannot be modified during update");

        (await app.Http.GetFromJsonAsync<JsonObject>($"{Path}/{key}"))!["data"]!["name"]!["value"]!.GetValue<string>().ShouldBe("Item first");
    }

    [Fact]
    public async Task ForgeListRefusesOutOfRangePagingNamingTheParameter()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var app = await InstalledApp.CreateAsync(host);
        (await RefusalAsync(await app.Http.GetAsync($"{Path}?limit=0"), HttpStatusCode.UnprocessableEntity)).Message.ShouldContain("limit");
        (await RefusalAsync(await app.Http.GetAsync($"{Path}?nextPageToken=garbage"), HttpStatusCode.UnprocessableEntity)).Message.ShouldContain("nextPageToken");
        var notANumber = await RefusalAsync(await app.Http.GetAsync($"{Path}?limit=abc"), HttpStatusCode.UnprocessableEntity);
        notANumber.Errors.ShouldBe([("limit", "limit must be an integer; 'abc' is not.")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ConnectBodiesAreRefusedWith400NamingThePathAndNothingIsStored(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);

        var array = await RefusalAsync(await app.Http.PostAsync(InstalledApp.DynamicPath, Json("""[{"webItems": []}]""")), HttpStatusCode.BadRequest);
        array.Errors.ShouldBe([("$", array.Message)]);
        array.Message.ShouldContain("an array");

        // Several problems in several modules, each with its path, in one answer.
        var body = new JsonObject
        {
            ["webItems"] = new JsonArray(new JsonObject { ["key"] = "a b", ["location"] = "x", ["url"] = "/x", ["name"] = new JsonObject { ["value"] = "X" } }),
            ["webPanels"] = new JsonArray(new JsonObject { ["key"] = "panel" }),
        };
        var invalid = await RefusalAsync(await app.RegisterAsync(body), HttpStatusCode.BadRequest);
        invalid.Errors.Select(e => e.Path).ShouldContain("webItems[0].key");
        invalid.Errors.Select(e => e.Path).ShouldContain("webPanels[0].url");
        invalid.Errors.Select(e => e.Path).ShouldContain("webPanels[0].location");

        (await app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task AppRoutesAnswerAnUnauthenticatedCallWithA401Message()
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        foreach (var path in new[] { InstalledApp.DynamicPath, Path, "rest/dynamic-modules/1/quota" })
        {
            var response = await host.Anonymous.GetAsync($"t/{tenant}/{path}");
            (await RefusalAsync(response, HttpStatusCode.Unauthorized)).Message.ShouldNotBeNullOrWhiteSpace();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class ForgeModuleApiTests : InstalledAppTest
{
    private const string Path = InstalledApp.ForgePath;

    protected override void ConfigureApp(FakeConnectApp app)
    {
        app.Modules["endpoint"] = new JsonArray(new JsonObject { ["key"] = "hook-endpoint", ["route"] = new JsonObject { ["path"] = "/forge/hook" } });
        app.Modules["function"] = new JsonArray(new JsonObject { ["key"] = "resolver-fn" });
    }

    private static JsonObject Trigger(string expression = "event.issue.fields.issuetype.name == 'Bug'") => new()
    {
        ["type"] = "trigger",
        ["data"] = new JsonObject
        {
            ["events"] = new JsonArray("avi:jira:updated:issue"),
            ["endpoint"] = "hook-endpoint",
            ["filter"] = new JsonObject { ["expression"] = expression, ["onError"] = "RECEIVE_AND_LOG" },
        },
    };

    private async Task<JsonObject> CreateAsync(JsonObject? body = null)
    {
        var response = await App.Http.PostAsJsonAsync(Path, body ?? Trigger());
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task PostReturns201WithAServerGeneratedUuidKey()
    {
        var created = await CreateAsync();
        Guid.TryParse(created["key"]!.GetValue<string>(), out _).ShouldBeTrue();
        created["type"]!.GetValue<string>().ShouldBe("trigger");
        created["data"]!["endpoint"]!.GetValue<string>().ShouldBe("hook-endpoint");
        var again = await CreateAsync();
        again["key"]!.GetValue<string>().ShouldNotBe(created["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetOneReturnsTheModuleAndUnknownKeyIs404()
    {
        var created = await CreateAsync();
        var key = created["key"]!.GetValue<string>();
        var got = await App.Http.GetFromJsonAsync<JsonObject>($"{Path}/{key}");
        got!["data"]!["filter"]!["expression"]!.GetValue<string>().ShouldContain("Bug");
        var missing = await App.Http.GetAsync($"{Path}/{Guid.NewGuid()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadFromJsonAsync<JsonObject>())!["message"].ShouldNotBeNull();
    }

    [Fact]
    public async Task InvalidModuleIs422WithEveryProblemAndItsPath()
    {
        var body = new JsonObject
        {
            ["type"] = "trigger",
            ["data"] = new JsonObject
            {
                ["events"] = new JsonArray(),
                ["function"] = "undeclared-fn",
                ["filter"] = new JsonObject { ["expression"] = "event.issue.key ==", ["onError"] = "SOMETIMES" },
            },
        };
        var response = await App.Http.PostAsJsonAsync(Path, body);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var paths = json["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        paths.ShouldContain("data.events");
        paths.ShouldContain("data.function");
        paths.ShouldContain("data.filter.expression");
        paths.ShouldContain("data.filter.onError");
        json["message"]!.GetValue<string>().ShouldContain("line 1, column");
    }

    [Fact]
    public async Task UpdateReplacesAtomicallyAndTheKeyCannotChange()
    {
        var key = (await CreateAsync())["key"]!.GetValue<string>();
        var updated = await App.Http.PutAsJsonAsync($"{Path}/{key}", Trigger("event.issue.fields.priority.name == 'High'"));
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await updated.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["key"]!.GetValue<string>().ShouldBe(key);

        var changedKey = Trigger();
        changedKey["key"] = Guid.NewGuid().ToString();
        var refused = await App.Http.PutAsJsonAsync($"{Path}/{key}", changedKey);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldBe("Key cannot be modified during update");

        var invalid = await App.Http.PutAsJsonAsync($"{Path}/{key}", Trigger("event.issue.key +"));
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var after = await App.Http.GetFromJsonAsync<JsonObject>($"{Path}/{key}");
        after!["data"]!["filter"]!["expression"]!.GetValue<string>().ShouldContain("High");

        (await App.Http.PutAsJsonAsync($"{Path}/{Guid.NewGuid()}", Trigger())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteIs204ThenTheModuleIsGone()
    {
        var key = (await CreateAsync())["key"]!.GetValue<string>();
        (await App.Http.DeleteAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.Http.GetAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.Http.DeleteAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherAppsKeyIs404ForEveryVerb()
    {
        await using var other = await InstalledApp.CreateAsync(Host, App.Tenant);
        var key = (await CreateAsync())["key"]!.GetValue<string>();
        (await other.Http.GetAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PutAsJsonAsync($"{Path}/{key}", new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("x") })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.DeleteAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.Http.GetAsync($"{Path}/{key}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PagingVisitsEveryModuleOnceWhileOthersAreInserted()
    {
        var original = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            original.Add((await CreateAsync(new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem($"page-{i}") }))["key"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"{Path}?limit=5" + (token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token));
            var page = (await App.Http.GetFromJsonAsync<JsonObject>(url))!;
            seen.AddRange(page["modules"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
            if (pages++ < 3)
            {
                await CreateAsync(new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem($"late-{pages}") });
            }
        }
        while (token is not null);

        seen.Distinct().Count().ShouldBe(seen.Count);
        seen.ShouldBeSubsetOf(seen);
        original.ShouldBeSubsetOf(seen);
        seen.Count.ShouldBe(26);
    }

    [Fact]
    public async Task ListFiltersByTypeAndRefusesBadPagingInput()
    {
        await CreateAsync();
        await CreateAsync(new JsonObject { ["type"] = "webItems", ["data"] = InstalledApp.WebItem("typed") });
        var triggers = (await App.Http.GetFromJsonAsync<JsonObject>($"{Path}?type=trigger"))!["modules"]!.AsArray();
        triggers.Count.ShouldBe(1);
        (await App.Http.GetAsync($"{Path}?limit=0")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await App.Http.GetAsync($"{Path}?limit=101")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await App.Http.GetAsync($"{Path}?nextPageToken=garbage")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task BothDialectsShareOneQuotaAndEachListShowsItsShapes()
    {
        (await Host.Operator.PutAsJsonAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}/quota", new { limit = 3 })).EnsureSuccessStatusCode();
        await CreateAsync();
        (await App.RegisterAsync(InstalledApp.WebItems("c1", "c2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var overConnect = await App.RegisterAsync(InstalledApp.WebItems("c3"));
        overConnect.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await overConnect.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldContain("limit of 3");
        (await App.Http.PostAsJsonAsync(Path, Trigger())).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var quota = (await App.Http.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota"))!;
        quota["limit"]!.GetValue<int>().ShouldBe(3);
        quota["used"]!.GetValue<int>().ShouldBe(3);
        quota["available"]!.GetValue<int>().ShouldBe(0);
        quota["tenantLimit"].ShouldBeNull();

        (await App.ListAsync()).Select(t => t.Key).ShouldBe(["webItems"]);
        (await App.Http.GetFromJsonAsync<JsonObject>(Path))!["modules"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task ForgeChangesAreAudited()
    {
        var key = (await CreateAsync())["key"]!.GetValue<string>();
        await App.Http.PutAsJsonAsync($"{Path}/{key}", Trigger("true"));
        await App.Http.DeleteAsync($"{Path}/{key}");
        var operations = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{App.TenantKey}/audit?app={App.App.Key}"))!["records"]!.AsArray()
            .Where(r => r!["moduleKeys"]!.AsArray().Any(k => k!.GetValue<string>() == key))
            .Select(r => r!["operation"]!.GetValue<string>());
        operations.ShouldBe(["module.register", "module.update", "module.delete"]);
    }
}

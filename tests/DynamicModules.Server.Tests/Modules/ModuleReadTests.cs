using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

public sealed class ModuleReadTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private FakeConnectApp _appA = null!;
    private FakeConnectApp _appB = null!;
    private string _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _appA = await StartAppAsync("a-app-" + Guid.NewGuid().ToString("N")[..6]);
        _appB = await StartAppAsync("b-app-" + Guid.NewGuid().ToString("N")[..6]);
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await _appA.DisposeAsync();
        await _appB.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<FakeConnectApp> StartAppAsync(string key)
    {
        var app = await FakeConnectApp.StartAsync();
        app.Key = key;
        app.KeyServer = _host.BaseUrl;
        app.Modules = new JsonObject
        {
            ["webPanels"] = new JsonArray(DynamicModuleSeeder.WebPanel("static-panel")),
            ["webItems"] = new JsonArray(
                new JsonObject
                {
                    ["key"] = "static-item",
                    ["location"] = "system.top.navigation.bar",
                    ["url"] = "/static-item",
                    ["name"] = new JsonObject { ["value"] = "Fallback name", ["i18n"] = "greeting" },
                },
                DynamicModuleSeeder.WebItem("static-item-2", "system.admin")),
        };
        return app;
    }

    private async Task InstallAsync(FakeConnectApp app, string? tenant = null) =>
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant ?? _tenant}/apps", new { descriptorUrl = app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();

    private async Task<(JsonObject Body, string ETag)> ReadAsync(string query = "", HttpClient? client = null)
    {
        var response = await (client ?? _host.Operator).GetAsync($"api/v1/tenants/{_tenant}/modules{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!, response.Headers.ETag!.Tag);
    }

    private static List<string> Keys(JsonObject body) =>
        body["modules"]!.AsArray().Select(m => $"{m!["appKey"]}/{m["source"]}/{m["type"]}/{m["key"]}").ToList();

    [Fact]
    public async Task ModulesAreStaticAndDynamicOfEnabledAppsInStableOrder()
    {
        await InstallAsync(_appB);
        await InstallAsync(_appA);
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _appB, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-z"), DynamicModuleSeeder.WebItem("dyn-a")),
            ["webPanels"] = new JsonArray(DynamicModuleSeeder.WebPanel("dyn-panel")),
        });
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _appA, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-late")),
        });

        var (body, etag) = await ReadAsync();
        var a = _appA.Key;
        var b = _appB.Key;
        Keys(body).ShouldBe([
            $"{a}/static/webItems/static-item", $"{a}/static/webItems/static-item-2", $"{a}/static/webPanels/static-panel",
            $"{a}/dynamic/webItems/dyn-late",
            $"{b}/static/webItems/static-item", $"{b}/static/webItems/static-item-2", $"{b}/static/webPanels/static-panel",
            $"{b}/dynamic/webItems/dyn-z", $"{b}/dynamic/webItems/dyn-a", $"{b}/dynamic/webPanels/dyn-panel",
        ]);
        body["tenant"]!.GetValue<string>().ShouldBe(_tenant);
        etag.ShouldBe($"\"{body["version"]!.GetValue<long>()}\"");
        var first = body["modules"]![0]!.AsObject();
        first["dialect"]!.GetValue<string>().ShouldBe("connect");
        first["definition"]!["name"]!["value"]!.GetValue<string>().ShouldBe("Hello from translations");
        first["definition"]!["key"]!.GetValue<string>().ShouldBe("static-item");
    }

    [Fact]
    public async Task FiltersByAppTypeAndLocationCombine()
    {
        await InstallAsync(_appA);
        await InstallAsync(_appB);
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _appA, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-admin", "system.admin")),
        });

        Keys((await ReadAsync($"?app={_appA.Key}")).Body).Count.ShouldBe(4);
        Keys((await ReadAsync("?type=webPanels")).Body).ShouldBe([$"{_appA.Key}/static/webPanels/static-panel", $"{_appB.Key}/static/webPanels/static-panel"]);
        Keys((await ReadAsync("?location=system.admin")).Body).ShouldBe([
            $"{_appA.Key}/static/webItems/static-item-2", $"{_appA.Key}/dynamic/webItems/dyn-admin", $"{_appB.Key}/static/webItems/static-item-2"]);
        Keys((await ReadAsync($"?app={_appA.Key}&type=webItems&location=system.admin")).Body).ShouldBe([
            $"{_appA.Key}/static/webItems/static-item-2", $"{_appA.Key}/dynamic/webItems/dyn-admin"]);
        Keys((await ReadAsync("?app=nobody")).Body).ShouldBeEmpty();
        (await _host.Operator.GetAsync($"api/v1/tenants/{_tenant}/modules?type={new string('x', 300)}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ETagIsTheQuotedVersionAndIfNoneMatchAnswers304()
    {
        await InstallAsync(_appA);
        var (body, etag) = await ReadAsync();
        var version = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}"))!["moduleVersion"]!.GetValue<long>();
        etag.ShouldBe($"\"{version}\"");
        body["version"]!.GetValue<long>().ShouldBe(version);

        foreach (var header in new[] { etag, "W/" + etag, "\"other\", " + etag, "*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{_tenant}/modules?type=webItems");
            request.Headers.TryAddWithoutValidation("If-None-Match", header);
            var response = await _host.Operator.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.NotModified, header);
            response.Headers.ETag!.Tag.ShouldBe(etag);
            (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{_tenant}/modules");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0\""));
        (await _host.Operator.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EveryKindOfChangeInvalidatesTheCachedRead()
    {
        var keys = (await ReadAsync()).Body;
        Keys(keys).ShouldBeEmpty();

        async Task<List<string>> AfterAsync(Func<Task> change, string because)
        {
            var before = await ReadAsync();
            await ReadAsync();
            await change();
            var after = await ReadAsync();
            after.ETag.ShouldNotBe(before.ETag, because);
            return Keys(after.Body);
        }

        var a = _appA.Key;
        (await AfterAsync(() => InstallAsync(_appA), "install")).ShouldContain($"{a}/static/webItems/static-item");

        _appA.Modules["webItems"]!.AsArray().Add(DynamicModuleSeeder.WebItem("added-by-upgrade"));
        (await AfterAsync(() => InstallAsync(_appA), "upgrade")).ShouldContain($"{a}/static/webItems/added-by-upgrade");

        (await AfterAsync(() => DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _appA, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-1"), DynamicModuleSeeder.WebItem("dyn-2")),
        }), "dynamic registration")).ShouldContain($"{a}/dynamic/webItems/dyn-1");

        var afterDelete = await AfterAsync(async () =>
            (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{a}/modules/dyn-1")).StatusCode.ShouldBe(HttpStatusCode.NoContent),
            "operator module delete");
        afterDelete.ShouldNotContain($"{a}/dynamic/webItems/dyn-1");
        afterDelete.ShouldContain($"{a}/dynamic/webItems/dyn-2");

        (await AfterAsync(async () => (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{a}/disable", null)).EnsureSuccessStatusCode(),
            "disable")).ShouldBeEmpty();
        (await AfterAsync(async () => (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{a}/enable", null)).EnsureSuccessStatusCode(),
            "enable")).ShouldContain($"{a}/dynamic/webItems/dyn-2");
        (await AfterAsync(async () => (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{a}")).EnsureSuccessStatusCode(),
            "uninstall")).ShouldBeEmpty();
        (await AfterAsync(() => InstallAsync(_appA), "reinstall")).ShouldContain($"{a}/dynamic/webItems/dyn-2");
    }

    [Fact]
    public async Task TenantScopedTokenReadsItsTenantAndGets404ForAnother()
    {
        await InstallAsync(_appA);
        var other = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var link = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{other}/admin-links", new { lifetimeMinutes = 5 });
        link.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = (await link.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        var token = url[(url.IndexOf("#token=", StringComparison.Ordinal) + 7)..];
        using var scoped = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
        scoped.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await scoped.GetAsync($"api/v1/tenants/{other}/modules")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Warm the cache with the operator first: a cached snapshot must not leak either.
        await ReadAsync();
        var denied = await scoped.GetAsync($"api/v1/tenants/{_tenant}/modules");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        denied.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await scoped.GetAsync($"api/v1/tenants/{_tenant}/changes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Anonymous.GetAsync($"api/v1/tenants/{_tenant}/modules")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Operator.GetAsync("api/v1/tenants/no-such-tenant/modules")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDescribesTheModuleReadChangeFeedAndAdminEndpoints()
    {
        var document = await _host.Anonymous.GetStringAsync("openapi/v1.json");
        document.ShouldContain("/api/v1/tenants/{tenant}/modules");
        document.ShouldContain("/api/v1/tenants/{tenant}/changes");
        document.ShouldContain("/api/v1/tenants/{tenant}/admin-links");
        document.ShouldContain("/api/v1/expressions/evaluate");
        document.ShouldNotContain("/bench/bare");
    }
}

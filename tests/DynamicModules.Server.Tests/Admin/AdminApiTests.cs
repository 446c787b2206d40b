using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private FakeConnectApp _app = null!;
    private string _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _app = await FakeConnectApp.StartAsync();
        _app.KeyServer = _host.BaseUrl;
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<HttpClient> ScopedClientAsync(string tenant)
    {
        var link = await _host.Operator.PostAsync($"api/v1/tenants/{tenant}/admin-links", null);
        link.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = (await link.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", url.Split("#token=")[1]);
        return client;
    }

    [Fact]
    public async Task DeleteModuleRemovesItAuditsItAndBumpsTheVersion()
    {
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-1"), DynamicModuleSeeder.WebItem("dyn-2")),
        });
        var before = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}"))!["moduleVersion"]!.GetValue<long>();

        (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/modules/dyn-1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}"))!["moduleVersion"]!.GetValue<long>().ShouldBe(before + 1);
        var audit = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/audit"))!["records"]!.AsArray();
        var record = audit.Last()!;
        record["operation"]!.GetValue<string>().ShouldBe("module.delete");
        record["actor"]!.GetValue<string>().ShouldBe("operator");
        record["appKey"]!.GetValue<string>().ShouldBe(_app.Key);
        record["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["dyn-1"]);
        var quotas = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/quotas"))!;
        quotas["apps"]![0]!["used"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory]
    [InlineData("dyn-unknown")]
    [InlineData("static-item")]
    public async Task DeleteModuleIs404ForUnknownOrStaticKeysAndChangesNothing(string key)
    {
        var before = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}"))!["moduleVersion"]!.GetValue<long>();
        var response = await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/modules/{key}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/no-app/modules/{key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}"))!["moduleVersion"]!.GetValue<long>().ShouldBe(before);
    }

    [Fact]
    public async Task QuotasShowUsedLimitAndAvailablePerApp()
    {
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-1"), DynamicModuleSeeder.WebItem("dyn-2")),
        });
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", new { limit = 5 })).EnsureSuccessStatusCode();
        var quotas = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/quotas"))!;
        quotas["tenantUsed"]!.GetValue<long>().ShouldBe(2);
        quotas["tenantLimit"].ShouldBeNull();
        var app = quotas["apps"]![0]!;
        app["appKey"]!.GetValue<string>().ShouldBe(_app.Key);
        app["used"]!.GetValue<long>().ShouldBe(2);
        app["limit"]!.GetValue<int>().ShouldBe(5);
        app["available"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task AdminLinksAreMintedByTheOperatorOnlyAndScopeToOneTenant()
    {
        var response = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/admin-links", new { lifetimeMinutes = 10 });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["url"]!.GetValue<string>().ShouldStartWith(_host.BaseUrl + "/admin#token=dma.");
        var expiresAt = body["expiresAt"]!.GetValue<DateTimeOffset>();
        expiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));

        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/admin-links", new { lifetimeMinutes = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/admin-links", new { lifetimeMinutes = 100000 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.Operator.PostAsync("api/v1/tenants/no-such/admin-links", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var scoped = await ScopedClientAsync(_tenant);
        (await scoped.PostAsync($"api/v1/tenants/{_tenant}/admin-links", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await scoped.GetFromJsonAsync<JsonArray>("api/v1/tenants"))!.Select(t => t!["key"]!.GetValue<string>()).ShouldBe([_tenant]);
    }

    [Fact]
    public async Task ScopedTokenCannotDeleteOrReadQuotasOfAnotherTenant()
    {
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-1")),
        });
        var other = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        using var scoped = await ScopedClientAsync(other);
        (await scoped.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/modules/dyn-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await scoped.GetAsync($"api/v1/tenants/{_tenant}/quotas")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/quotas"))!["tenantUsed"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory]
    [InlineData("expression", "event.issue.fields.labels.includes('urgent')", true)]
    [InlineData("expression", "event.issue.fields.labels.includes('calm')", false)]
    [InlineData("jql", "labels = urgent", true)]
    public async Task EvaluateRunsAFilterAgainstASamplePayload(string language, string expression, bool matched)
    {
        var payload = new JsonObject { ["issue"] = new JsonObject { ["fields"] = new JsonObject { ["labels"] = new JsonArray("urgent") } } };
        var response = await _host.Operator.PostAsJsonAsync("api/v1/expressions/evaluate", new { language, expression, payload });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["valid"]!.GetValue<bool>().ShouldBeTrue();
        body["errors"]!.AsArray().ShouldBeEmpty();
        body["matched"]!.GetValue<bool>().ShouldBe(matched);
        body["cost"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task EvaluateReportsCompileErrorsWithPositionsAndBadRequests()
    {
        var response = await _host.Operator.PostAsJsonAsync("api/v1/expressions/evaluate", new { language = "expression", expression = "event.issue ==", payload = new { } });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["valid"]!.GetValue<bool>().ShouldBeFalse();
        var error = body["errors"]![0]!;
        error["line"]!.GetValue<int>().ShouldBe(1);
        error["column"]!.GetValue<int>().ShouldBeGreaterThan(1);
        error["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var bad = await _host.Operator.PostAsJsonAsync("api/v1/expressions/evaluate", new { language = "sql" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        errors.ShouldBe(["language", "expression", "payload"], ignoreOrder: true);

        // A member of the wrong type is refused while the body is bound, before the other members are checked.
        var wrongType = await _host.Operator.PostAsJsonAsync("api/v1/expressions/evaluate", new { language = "jql", expression = 3, payload = new { } });
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongType.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["expression"]![0]!.GetValue<string>().ShouldBe("expression must be a string.");
    }

    [Fact]
    public async Task AdminPageIsServedWithAStrictContentSecurityPolicy()
    {
        var page = await _host.Anonymous.GetAsync("admin");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        (await page.Content.ReadAsStringAsync()).ShouldContain("admin.js");
        (await _host.Anonymous.GetAsync("admin/admin.js")).Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await _host.Anonymous.GetAsync("admin/admin.css")).Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await _host.Anonymous.GetAsync("admin/nothing.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"lifetimeMinutes":"10"}""", "lifetimeMinutes", "lifetimeMinutes must be an integer.")]
    [InlineData("""{"lifetimeMinutes":0}""", "lifetimeMinutes", "lifetimeMinutes must be an integer from 1 to 1440.")]
    [InlineData("""{"lifetimeMinutes":1441}""", "lifetimeMinutes", "lifetimeMinutes must be an integer from 1 to 1440.")]
    [InlineData("""[10]""", "$", "The request body must be a JSON object, not an array.")]
    [InlineData("""{"lifetimeMinutes":""", "lifetimeMinutes", null)]
    public async Task AdminLinkBodiesThatAreWrongAreRefusedWithThePath(string raw, string path, string? message)
    {
        var response = await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/admin-links", new StringContent(raw, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var errors = problem["errors"]!.AsObject();
        errors.Select(error => error.Key).ShouldBe([path]);
        if (message is not null)
        {
            errors[path]![0]!.GetValue<string>().ShouldBe(message);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public async Task AdminLinkWithoutALifetimeLastsThirtyMinutes(string? raw)
    {
        var response = await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/admin-links",
            raw is null ? null : new StringContent(raw, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var expiresAt = (await response.Content.ReadFromJsonAsync<JsonObject>())!["expiresAt"]!.GetValue<DateTimeOffset>();
        expiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
    }

    [Fact]
    public async Task AdminLinksAre401WithoutCredentialsAnd404ForAnotherTenantsLink()
    {
        var anonymous = await _host.Anonymous.PostAsync($"api/v1/tenants/{_tenant}/admin-links", null);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var other = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        using var scoped = await ScopedClientAsync(other);
        var invisible = await scoped.PostAsync($"api/v1/tenants/{_tenant}/admin-links", null);
        invisible.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await invisible.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldBe($"No tenant '{_tenant}'.");
    }
}

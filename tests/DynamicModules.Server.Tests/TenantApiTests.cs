using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests;

public sealed class TenantApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PutTenantCreatesItWithStableClientKeyAndBaseUrl()
    {
        var created = await _host.Operator.PutAsJsonAsync("api/v1/tenants/acme", new { productType = "jira", displayName = "Acme" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        first["baseUrl"]!.GetValue<string>().ShouldBe(_host.BaseUrl + "/t/acme");
        first["limits"]!["perApp"]!.GetValue<int>().ShouldBe(100);
        first["limits"]!["tenantTotal"].ShouldBeNull();

        var updated = await _host.Operator.PutAsJsonAsync("api/v1/tenants/acme", new { productType = "jira", displayName = "Acme Inc", limits = new { perApp = 5, tenantTotal = 20 } });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await updated.Content.ReadFromJsonAsync<JsonObject>())!;
        second["clientKey"]!.GetValue<string>().ShouldBe(first["clientKey"]!.GetValue<string>());
        second["displayName"]!.GetValue<string>().ShouldBe("Acme Inc");
        second["limits"]!["tenantTotal"]!.GetValue<int>().ShouldBe(20);

        var read = await _host.Operator.GetFromJsonAsync<JsonObject>("api/v1/tenants/acme");
        read!["limits"]!["perApp"]!.GetValue<int>().ShouldBe(5);
        var list = await _host.Operator.GetFromJsonAsync<JsonArray>("api/v1/tenants");
        list!.Select(t => t!["key"]!.GetValue<string>()).ShouldContain("acme");
    }

    [Fact]
    public async Task PutTenantReportsEveryInvalidMemberWithItsPath()
    {
        var response = await _host.Operator.PutAsJsonAsync("api/v1/tenants/acme", new { productType = "Jira!", limits = new { perApp = -1 }, registrationPolicy = "nobody" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["productType", "displayName", "limits.perApp", "registrationPolicy"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has_underscore")]
    [InlineData("a-very-long-tenant-key-that-goes-beyond-the-sixty-three-character-limit")]
    public async Task PutTenantRefusesBadTenantKeys(string key)
    {
        var response = await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{key}", new { productType = "jira", displayName = "X" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MalformedJsonGetsProblemSayingWhere()
    {
        var response = await _host.Operator.PutAsync("api/v1/tenants/acme", new StringContent("{\"productType\": ", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task OperatorApiRefusesMissingOrWrongKeyWithProblem()
    {
        var anonymous = await _host.Anonymous.GetAsync("api/v1/tenants");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        using var wrong = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", ServiceHost.OperatorKey + "x");
        (await wrong.GetAsync("api/v1/tenants")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownTenantAndUnknownPathAreProblem404AndWrongMethodIs405()
    {
        var missing = await _host.Operator.GetAsync("api/v1/tenants/nobody");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var unknown = await _host.Anonymous.GetAsync("no/such/path");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var method = await _host.Anonymous.DeleteAsync("healthz");
        method.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        method.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task HealthAndOpenApiAnswerWithoutAuth()
    {
        (await _host.Anonymous.GetFromJsonAsync<JsonObject>("healthz"))!["status"]!.GetValue<string>().ShouldBe("ok");
        var openApi = await _host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json");
        openApi!["paths"]!.AsObject().ContainsKey("/api/v1/tenants/{tenant}").ShouldBeTrue();
    }

    [Fact]
    public async Task TenantChangesAreAudited()
    {
        var tenant = await _host.CreateTenantAsync();
        var key = tenant["key"]!.GetValue<string>();
        await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{key}", new { productType = "jira", displayName = "X", limits = new { perApp = 3 } });
        var audit = await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{key}/audit");
        var operations = audit!["records"]!.AsArray().Select(r => r!["operation"]!.GetValue<string>()).ToList();
        operations.ShouldBe(["tenant.create", "quota.update"]);
    }

    [Fact]
    public async Task PutTenantKeepsTheTenantCapWhenLimitsLeaveItOutAndClearsItOnNull()
    {
        var tenant = (await _host.CreateTenantAsync(extra: new { limits = new { perApp = 5, tenantTotal = 20 } }))["key"]!.GetValue<string>();
        var kept = await _host.Operator.PutAsync($"api/v1/tenants/{tenant}", Json("""{"productType":"jira","displayName":"X","limits":{"perApp":3}}"""));
        kept.StatusCode.ShouldBe(HttpStatusCode.OK);
        var limits = (await kept.Content.ReadFromJsonAsync<JsonObject>())!["limits"]!;
        limits["perApp"]!.GetValue<int>().ShouldBe(3);
        limits["tenantTotal"]!.GetValue<int>().ShouldBe(20);

        var cleared = await _host.Operator.PutAsync($"api/v1/tenants/{tenant}", Json("""{"productType":"jira","displayName":"X","limits":{"tenantTotal":null}}"""));
        var after = (await cleared.Content.ReadFromJsonAsync<JsonObject>())!["limits"]!;
        after["perApp"]!.GetValue<int>().ShouldBe(3);
        after["tenantTotal"].ShouldBeNull();
    }

    [Fact]
    public async Task SetUserRolesStoresEachRoleOnceInOrder()
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var response = await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}/users/u-1", new { roles = new[] { "viewer", "product-admin", "viewer" } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["accountId"]!.GetValue<string>().ShouldBe("u-1");
        body["roles"]!.AsArray().Select(role => role!.GetValue<string>()).ShouldBe(["product-admin", "viewer"]);
    }

    [Fact]
    public async Task SetUserRolesReportsEveryBadRoleWithItsIndex()
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var errors = await ProblemErrorsAsync(
            await _host.Operator.PutAsync($"api/v1/tenants/{tenant}/users/u-1", Json($$"""{"roles":["", null, "ok", "{{new string('r', 65)}}"]}""")));
        errors.Select(error => error.Key).ShouldBe(["roles[0]", "roles[1]", "roles[3]"], ignoreOrder: true);
        errors["roles[3]"]![0]!.GetValue<string>().ShouldContain("1-64 characters");
    }

    [Theory]
    [InlineData("""{"roles":"product-admin"}""", "roles", "roles must be an array.")]
    [InlineData("""{"roles":["ok",7]}""", "roles[1]", "roles[1] must be a string.")]
    [InlineData("""{}""", "roles", "roles must be an array of role names (strings of 1-64 characters).")]
    [InlineData("""{"roles":null}""", "roles", "roles must be an array of role names (strings of 1-64 characters).")]
    public async Task SetUserRolesNamesTheMemberOfAWrongOrMissingType(string raw, string path, string message)
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var errors = await ProblemErrorsAsync(await _host.Operator.PutAsync($"api/v1/tenants/{tenant}/users/u-1", Json(raw)));
        errors.Select(error => error.Key).ShouldBe([path]);
        errors[path]![0]!.GetValue<string>().ShouldBe(message);
    }

    [Fact]
    public async Task SetUserRolesRefusesAnOverlongAccountIdAndAnUnknownOrInvisibleTenant()
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        var errors = await ProblemErrorsAsync(await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}/users/{new string('u', 129)}", new { roles = Array.Empty<string>() }));
        errors.Select(error => error.Key).ShouldBe(["accountId"]);

        var missing = await _host.Operator.PutAsJsonAsync("api/v1/tenants/no-such-tenant/users/u-1", new { roles = Array.Empty<string>() });
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");

        // An admin link for another tenant cannot tell this tenant from a missing one.
        var other = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        using var scoped = await AdminLinkClientAsync(other);
        (await scoped.PutAsJsonAsync($"api/v1/tenants/{tenant}/users/u-1", new { roles = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await scoped.PutAsJsonAsync($"api/v1/tenants/{other}/users/u-1", new { roles = new[] { "product-admin" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PutTenantIsForbiddenToAnAdminLinkAndUnauthenticatedCallsAre401()
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
        using var scoped = await AdminLinkClientAsync(tenant);
        var forbidden = await scoped.PutAsJsonAsync($"api/v1/tenants/{tenant}", new { productType = "jira", displayName = "Mine" });
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        foreach (var (method, path) in new[] { ("GET", "tenants"), ("GET", $"tenants/{tenant}"), ("PUT", $"tenants/{tenant}"), ("GET", $"tenants/{tenant}/audit"), ("PUT", $"tenants/{tenant}/users/u-1") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "api/v1/" + path) { Content = method == "PUT" ? Json("{}") : null };
            var response = await _host.Anonymous.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Theory]
    [InlineData("put", "/api/v1/tenants/{tenant}", "PutTenant", "200 201 400 401 403 413")]
    [InlineData("get", "/api/v1/tenants", "ListTenants", "200 400 401")]
    [InlineData("get", "/api/v1/tenants/{tenant}", "GetTenant", "200 400 401 404")]
    [InlineData("get", "/api/v1/tenants/{tenant}/audit", "ListAudit", "200 400 401 404")]
    [InlineData("put", "/api/v1/tenants/{tenant}/users/{accountId}", "SetUserRoles", "200 400 401 404 413")]
    [InlineData("post", "/api/v1/tenants/{tenant}/apps", "InstallApp", "200 201 400 401 404 413 422 502")]
    [InlineData("get", "/api/v1/tenants/{tenant}/apps", "ListApps", "200 400 401 404")]
    [InlineData("get", "/api/v1/tenants/{tenant}/apps/{appKey}", "GetApp", "200 400 401 404")]
    [InlineData("delete", "/api/v1/tenants/{tenant}/apps/{appKey}", "UninstallApp", "200 400 401 404")]
    [InlineData("post", "/api/v1/tenants/{tenant}/apps/{appKey}/enable", "EnableApp", "200 400 401 404")]
    [InlineData("post", "/api/v1/tenants/{tenant}/apps/{appKey}/disable", "DisableApp", "200 400 401 404")]
    [InlineData("put", "/api/v1/tenants/{tenant}/apps/{appKey}/quota", "SetAppQuota", "200 400 401 404 413")]
    [InlineData("post", "/api/v1/tenants/{tenant}/admin-links", "CreateAdminLink", "200 400 401 403 404 413")]
    [InlineData("get", "/connect-keys/{kid}", "GetConnectKey", "200 400 404")]
    public async Task OpenApiNamesDescribesAndDeclaresEveryStatusOfTheOperation(string method, string path, string name, string statuses)
    {
        var document = (await _host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!;
        var operation = document["paths"]![path]![method]!.AsObject();
        operation["operationId"]!.GetValue<string>().ShouldBe(name);
        operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        operation["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var responses = operation["responses"]!.AsObject();
        responses.Select(response => response.Key).Order(StringComparer.Ordinal).ShouldBe(statuses.Split(' '));
        foreach (var (status, response) in responses.Where(response => response.Key[0] is '4' or '5'))
        {
            response!["content"]!.AsObject().Select(content => content.Key).ShouldBe(["application/problem+json"], $"{name} {status}");
        }
    }

    [Theory]
    [InlineData("/api/v1/tenants/{tenant}", "put", "TenantRequest", true)]
    [InlineData("/api/v1/tenants/{tenant}/users/{accountId}", "put", "UserRolesRequest", true)]
    [InlineData("/api/v1/tenants/{tenant}/apps", "post", "InstallRequest", true)]
    [InlineData("/api/v1/tenants/{tenant}/apps/{appKey}/quota", "put", "QuotaRequest", true)]
    [InlineData("/api/v1/tenants/{tenant}/admin-links", "post", "AdminLinkRequest", false)]
    public async Task OpenApiDeclaresTheRequestBody(string path, string method, string schema, bool required)
    {
        var document = (await _host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!;
        var body = document["paths"]![path]![method]!["requestBody"]!;
        body["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/" + schema);
        (body["required"]?.GetValue<bool>() ?? false).ShouldBe(required);
        document["components"]!["schemas"]![schema]!["properties"].ShouldNotBeNull();
    }

    private static StringContent Json(string raw) => new(raw, System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ProblemErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem["errors"]!.AsObject();
    }

    private async Task<HttpClient> AdminLinkClientAsync(string tenant)
    {
        var link = await _host.Operator.PostAsync($"api/v1/tenants/{tenant}/admin-links", null);
        var url = (await link.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", url.Split("#token=")[1]);
        return client;
    }
}

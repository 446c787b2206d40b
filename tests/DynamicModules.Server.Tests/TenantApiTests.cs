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
}

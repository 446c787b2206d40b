using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests;

public sealed class InstallLifecycleTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private FakeConnectApp _app = null!;
    private string _tenant = null!;
    private JsonObject _tenantJson = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _app = await FakeConnectApp.StartAsync();
        _app.KeyServer = _host.BaseUrl;
        _tenantJson = await _host.CreateTenantAsync();
        _tenant = _tenantJson["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private Task<HttpResponseMessage> InstallAsync() =>
        _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" });

    [Fact]
    public async Task InstallSendsSignedInstalledCallbackThatAnAppCanVerify()
    {
        var response = await InstallAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var installed = _app.ReceivedAt("/installed").Single();
        installed.SignatureProblem.ShouldBeNull();
        installed.Body!["key"]!.GetValue<string>().ShouldBe(_app.Key);
        installed.Body["clientKey"]!.GetValue<string>().ShouldBe(_tenantJson["clientKey"]!.GetValue<string>());
        installed.Body["baseUrl"]!.GetValue<string>().ShouldBe(_tenantJson["baseUrl"]!.GetValue<string>());
        installed.Body["eventType"]!.GetValue<string>().ShouldBe("installed");
        installed.Body["productType"]!.GetValue<string>().ShouldBe("jira");
        var secret = installed.Body["sharedSecret"]!.GetValue<string>();
        Base64Url.TryDecode(secret, out var secretBytes).ShouldBeTrue();
        secretBytes.Length.ShouldBeGreaterThanOrEqualTo(32);
        installed.RawPath.ShouldBe(FakeConnectApp.BasePath + "/installed");
    }

    [Fact]
    public async Task InstallThenEnabledCallbackIsHs256WithTheNewSecret()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var enabled = _app.ReceivedAt("/enabled").Single();
        JwsToken.TryParse(enabled.Token, out var jws, out _).ShouldBeTrue();
        jws!.Algorithm.ShouldBe("HS256");
        jws.VerifyHs256(_app.SharedSecret).ShouldBeTrue();
        jws.Claims.GetProperty("iss").GetString().ShouldBe(_tenantJson["clientKey"]!.GetValue<string>());
        jws.Claims.GetProperty("qsh").GetString().ShouldBe(QueryStringHash.Compute("POST", "/enabled", null));
        enabled.Body!.ContainsKey("sharedSecret").ShouldBeFalse();
    }

    [Fact]
    public async Task InstallFailsAndLeavesNothingWhenTheAppAnswers500()
    {
        _app.LifecycleStatus["installed"] = 500;
        var response = await InstallAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway, await response.Content.ReadAsStringAsync());
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldContain("HTTP 500");
        (await _host.Operator.GetAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Operator.GetFromJsonAsync<JsonArray>($"api/v1/tenants/{_tenant}/apps"))!.Count.ShouldBe(0);
        _app.ReceivedAt("/enabled").ShouldBeEmpty();
    }

    [Fact]
    public async Task InvalidDescriptorIsRefusedWithEveryProblemAndItsPath()
    {
        var descriptor = _app.Descriptor();
        descriptor["key"] = "bad key!";
        descriptor["baseUrl"] = "ftp://example.com";
        descriptor["modules"] = new JsonObject { ["webItems"] = new JsonArray(new JsonObject { ["key"] = "no url" }) };
        var response = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptor });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.ContainsKey("key").ShouldBeTrue();
        errors.ContainsKey("baseUrl").ShouldBeTrue();
        errors.Select(e => e.Key).ShouldContain(k => k.StartsWith("modules.webItems[0]", StringComparison.Ordinal));
        _app.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnreachableDescriptorUrlIsA422ProblemSayingWhy()
    {
        var response = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/missing.json" });
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("HTTP 405");
    }

    [Fact]
    public async Task UpgradeStoresANewDescriptorVersionAndRotatesTheSecret()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var firstSecret = _app.SharedSecret;
        var upgrade = await InstallAsync();
        upgrade.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await upgrade.Content.ReadFromJsonAsync<JsonObject>())!;
        body["operation"]!.GetValue<string>().ShouldBe("app.upgrade");
        body["installation"]!["descriptorVersion"]!.GetValue<int>().ShouldBe(2);
        _app.SharedSecret.ShouldNotBe(firstSecret);
    }

    [Fact]
    public async Task UninstallSendsSignedCallbackWithoutSecretAndReinstallComesBackAsReinstall()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var uninstall = await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}");
        uninstall.StatusCode.ShouldBe(HttpStatusCode.OK);
        var callback = _app.ReceivedAt("/uninstalled").Single();
        callback.SignatureProblem.ShouldBeNull();
        callback.Body!.ContainsKey("sharedSecret").ShouldBeFalse();
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/apps/{_app.Key}"))!["state"]!.GetValue<string>().ShouldBe("uninstalled");

        var reinstall = await InstallAsync();
        reinstall.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reinstall.Content.ReadFromJsonAsync<JsonObject>())!["operation"]!.GetValue<string>().ShouldBe("app.reinstall");
        _app.ReceivedAt("/installed").Count().ShouldBe(2);
    }

    [Fact]
    public async Task DisableAndEnableSendHs256CallbacksAndChangeState()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/apps/{_app.Key}"))!["state"]!.GetValue<string>().ShouldBe("disabled");
        var disabled = _app.ReceivedAt("/disabled").Single();
        JwsToken.TryParse(disabled.Token, out var jws, out _).ShouldBeTrue();
        jws!.VerifyHs256(_app.SharedSecret).ShouldBeTrue();

        (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/apps/{_app.Key}"))!["state"]!.GetValue<string>().ShouldBe("enabled");
    }

    [Fact]
    public async Task QuotaIsSetPerAppAndValidated()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var set = await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", new { limit = 7 });
        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await set.Content.ReadFromJsonAsync<JsonObject>())!["effectiveLimit"]!.GetValue<int>().ShouldBe(7);
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", new { limit = -3 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/nope/quota", new { limit = 3 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryLifecycleOperationIsAudited()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/disable", null);
        await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/enable", null);
        await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", new { limit = 5 });
        await InstallAsync();
        await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}");
        await InstallAsync();
        var audit = await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/audit?app={_app.Key}");
        audit!["records"]!.AsArray().Select(r => r!["operation"]!.GetValue<string>()).ShouldBe(
            ["app.install", "app.disable", "app.enable", "quota.update", "app.upgrade", "app.uninstall", "app.reinstall"]);
    }

    [Fact]
    public async Task ConnectKeysServesThePemOfTheSigningKeyAnd404ForOthers()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        JwsToken.TryParse(_app.ReceivedAt("/installed").Single().Token, out var jws, out _).ShouldBeTrue();
        var pem = await _host.Anonymous.GetStringAsync($"connect-keys/{jws!.KeyId}");
        pem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        (await _host.Anonymous.GetAsync("connect-keys/unknown")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{}""", "$", "Give exactly one of descriptor (the Connect JSON document), descriptorUrl, manifest (the Forge manifest.yml text) or manifestUrl.")]
    [InlineData("""{"descriptorUrl":"http://127.0.0.1:1/a.json","descriptor":{"key":"x"}}""", "$", "Give exactly one of descriptor (the Connect JSON document), descriptorUrl, manifest (the Forge manifest.yml text) or manifestUrl.")]
    [InlineData("""{"descriptorUrl":5}""", "descriptorUrl", "descriptorUrl must be a string.")]
    [InlineData("""{"descriptor":"{\"key\":\"x\"}"}""", "descriptor", "descriptor must be an object.")]
    [InlineData("""[]""", "$", "The request body must be a JSON object, not an array.")]
    public async Task InstallBodiesThatAreNotOneDescriptorOrUrlAreRefusedWithThePath(string raw, string path, string message)
    {
        var response = await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps", Json(raw));
        var errors = await ProblemErrorsAsync(response);
        errors.Select(error => error.Key).ShouldBe([path]);
        errors[path]![0]!.GetValue<string>().ShouldBe(message);
        _app.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task InstallIntoAnUnknownTenantIs404BeforeAnythingIsFetched()
    {
        var response = await _host.Operator.PostAsJsonAsync("api/v1/tenants/no-such-tenant/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" });
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldBe("No tenant 'no-such-tenant'.");
        _app.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{}""", "limit is required: an integer from 0 to 100000, or null for the tenant default.")]
    [InlineData("""{"limit":"7"}""", "limit must be an integer.")]
    [InlineData("""{"limit":1.5}""", "limit must be an integer.")]
    [InlineData("""{"limit":100001}""", "limit must be an integer from 0 to 100000.")]
    public async Task QuotaBodiesWithoutAnIntegerLimitAreRefusedWithThePath(string raw, string message)
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var errors = await ProblemErrorsAsync(await _host.Operator.PutAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", Json(raw)));
        errors.Select(error => error.Key).ShouldBe(["limit"]);
        errors["limit"]![0]!.GetValue<string>().ShouldBe(message);
        (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_tenant}/apps/{_app.Key}"))!["quotaLimit"].ShouldBeNull();
    }

    [Fact]
    public async Task QuotaNullFallsBackToTheTenantDefault()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        (await _host.Operator.PutAsJsonAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", new { limit = 7 })).EnsureSuccessStatusCode();
        var reset = await _host.Operator.PutAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/quota", Json("""{"limit":null}"""));
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await reset.Content.ReadFromJsonAsync<JsonObject>())!;
        body["quotaLimit"].ShouldBeNull();
        body["effectiveLimit"]!.GetValue<int>().ShouldBe(_tenantJson["limits"]!["perApp"]!.GetValue<int>());
    }

    [Fact]
    public async Task LifecycleActionsOnAnAppThatIsNotInstalledAre404Problems()
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}")).EnsureSuccessStatusCode();
        foreach (var (method, path) in new[] { ("DELETE", _app.Key), ("POST", _app.Key + "/enable"), ("POST", _app.Key + "/disable"), ("POST", "nope/enable"), ("GET", "nope") })
        {
            var response = await _host.Operator.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"api/v1/tenants/{_tenant}/apps/{path}"));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain(path.Split('/')[0]);
        }

        _app.ReceivedAt("/uninstalled").Count().ShouldBe(1);
    }

    [Fact]
    public async Task EveryInstallationRouteAnswers401WithoutCredentials()
    {
        foreach (var (method, path) in new[] { ("POST", ""), ("GET", ""), ("GET", "/a"), ("DELETE", "/a"), ("POST", "/a/enable"), ("POST", "/a/disable"), ("PUT", "/a/quota") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"api/v1/tenants/{_tenant}/apps{path}")
            {
                Content = method is "POST" or "PUT" ? Json("""{"limit":1}""") : null,
            };
            var response = await _host.Anonymous.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Theory]
    [InlineData("PUT", "apps/{app}/quota")]
    [InlineData("POST", "apps")]
    [InlineData("PUT", "users/u-1")]
    [InlineData("POST", "admin-links")]
    public async Task BodiesOverTheLimitAre413Problems(string method, string path)
    {
        (await InstallAsync()).EnsureSuccessStatusCode();
        var big = "{\"descriptorUrl\":\"" + new string('a', (1 << 20) + 10) + "\"}";
        using var request = new HttpRequestMessage(new HttpMethod(method), $"api/v1/tenants/{_tenant}/{path.Replace("{app}", _app.Key, StringComparison.Ordinal)}")
        {
            Content = Json(big),
            // Refused from its Content-Length before it is read: without waiting for the answer first the client
            // may still be writing when the connection closes, and see a broken pipe instead of the 413.
            Headers = { ExpectContinue = true },
        };
        var response = await _host.Operator.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("1048576");
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
}

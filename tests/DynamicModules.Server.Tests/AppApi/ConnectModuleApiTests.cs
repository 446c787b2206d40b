using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class ConnectModuleApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private InstalledApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _app = await InstalledApp.CreateAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>();

    [Fact]
    public async Task ListIsEmptyObjectWhenNothingIsRegistered()
    {
        var response = await _app.Http.GetAsync(InstalledApp.DynamicPath);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("{}");
    }

    [Fact]
    public async Task RegisterAnswers200WithNoBodyAndListReturnsDescriptorShape()
    {
        var response = await _app.RegisterAsync(InstalledApp.WebItems("dyn-a", "dyn-b"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var list = await _app.ListAsync();
        list.Select(t => t.Key).ShouldBe(["webItems"]);
        list["webItems"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ShouldBe(["dyn-a", "dyn-b"]);
        list["webItems"]![0]!["url"]!.GetValue<string>().ShouldBe("/items/dyn-a");
    }

    [Fact]
    public async Task RegisterAcceptsTheModulesWrapperThatJiraJsSends()
    {
        (await _app.RegisterAsync(new JsonObject { ["modules"] = InstalledApp.WebItems("wrapped") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.ListKeysAsync()).ShouldBe(["wrapped"]);
    }

    [Fact]
    public async Task RegisterIsAllOrNothingWhenOneModuleIsInvalid()
    {
        var body = InstalledApp.WebItems("good-1", "good-2");
        body["webItems"]!.AsArray().Add(new JsonObject { ["key"] = "bad", ["location"] = "x" });
        var response = await _app.RegisterAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = await MessageOf(response);
        message.ShouldContain("webItems[2].name");
        message.ShouldContain("webItems[2].url");
        (await _app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task EveryValidationProblemIsReportedWithItsPath()
    {
        var body = new JsonObject
        {
            ["webItems"] = new JsonArray(new JsonObject { ["key"] = "has space", ["location"] = "x", ["url"] = "/x", ["name"] = new JsonObject { ["value"] = "X" } }),
            ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "hook", ["event"] = "jira:issue_created", ["url"] = "https://evil.example/steal", ["filter"] = "project = = X" }),
        };
        var response = await _app.RegisterAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        errors.ShouldContain("webItems[0].key");
        errors.ShouldContain("webhooks[0].url");
        errors.ShouldContain("webhooks[0].filter");
    }

    [Fact]
    public async Task UnknownModuleTypeIsRefused()
    {
        var response = await _app.RegisterAsync(new JsonObject { ["noSuchModules"] = new JsonArray(new JsonObject { ["key"] = "x" }) });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("noSuchModules");
    }

    [Fact]
    public async Task WebhooksNeedTheReadScope()
    {
        await using var app = await InstalledApp.CreateAsync(_host, configure: a => a.Scopes = ["WRITE"]);
        var response = await app.RegisterAsync(new JsonObject
        {
            ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "hook", ["event"] = "jira:issue_created", ["url"] = "/hook" }),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("READ");
    }

    [Fact]
    public async Task KeyOfAStaticModuleIsADuplicate()
    {
        var response = await _app.RegisterAsync(InstalledApp.WebItems("fresh", "static-item"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = await MessageOf(response);
        message.ShouldContain("static-item");
        message.ShouldContain("duplicate module keys");
        (await _app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task KeyOfAnExistingDynamicModuleIsADuplicate()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("taken"))).EnsureSuccessStatusCode();
        var response = await _app.RegisterAsync(InstalledApp.WebItems("other", "taken"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("taken");
        (await _app.ListKeysAsync()).ShouldBe(["taken"]);
    }

    [Fact]
    public async Task KeyRepeatedInsideTheRequestIsADuplicate()
    {
        var response = await _app.RegisterAsync(InstalledApp.WebItems("twice", "twice"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("twice");
        (await _app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteTakesRepeatedAndCommaSeparatedKeysAndIgnoresUnknownOnes()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("a", "b", "c", "d", "e"))).EnsureSuccessStatusCode();
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=a&moduleKey=b")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=c,d")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=nope")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.ListKeysAsync()).ShouldBe(["e"]);
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task I18nNamesAreResolvedAtRegistrationAndTheValueStaysTheFallback()
    {
        var body = new JsonObject
        {
            ["webItems"] = new JsonArray(
                new JsonObject { ["key"] = "i18n-known", ["location"] = "x", ["url"] = "/x", ["name"] = new JsonObject { ["value"] = "Fallback", ["i18n"] = "greeting" } },
                new JsonObject { ["key"] = "i18n-missing", ["location"] = "x", ["url"] = "/y", ["name"] = new JsonObject { ["value"] = "Kept", ["i18n"] = "no.such.key" } }),
        };
        (await _app.RegisterAsync(body)).EnsureSuccessStatusCode();
        var items = (await _app.ListAsync())["webItems"]!.AsArray();
        items[0]!["name"]!["value"]!.GetValue<string>().ShouldBe("Hello from translations");
        items[0]!["name"]!["i18n"]!.GetValue<string>().ShouldBe("greeting");
        items[1]!["name"]!["value"]!.GetValue<string>().ShouldBe("Kept");
    }

    [Fact]
    public async Task RegistrationsAndDeletionsAreAuditedWithTheActor()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("audited"))).EnsureSuccessStatusCode();
        _app.Client.Subject = "user-42";
        (await _app.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=audited")).EnsureSuccessStatusCode();
        var records = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_app.TenantKey}/audit?app={_app.App.Key}"))!["records"]!.AsArray();
        var register = records.Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        register["actor"]!.GetValue<string>().ShouldBe("app");
        register["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["audited"]);
        var delete = records.Single(r => r!["operation"]!.GetValue<string>() == "module.delete")!;
        delete["actor"]!.GetValue<string>().ShouldBe("user:user-42");
    }

    [Fact]
    public async Task AnAppSeesAndDeletesOnlyItsOwnModules()
    {
        await using var other = await InstalledApp.CreateAsync(_host, _app.Tenant);
        (await _app.RegisterAsync(InstalledApp.WebItems("mine"))).EnsureSuccessStatusCode();
        (await other.RegisterAsync(InstalledApp.WebItems("theirs"))).EnsureSuccessStatusCode();
        (await other.ListKeysAsync()).ShouldBe(["theirs"]);
        (await other.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=mine")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await other.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.ListKeysAsync()).ShouldBe(["mine"]);
    }

    [Fact]
    public async Task TheSameAppInAnotherTenantHasItsOwnModulesAndSecret()
    {
        await using var elsewhere = await InstalledApp.CreateAsync(_host, appKey: _app.App.Key);
        (await _app.RegisterAsync(InstalledApp.WebItems("here"))).EnsureSuccessStatusCode();
        (await elsewhere.ListAsync()).Count.ShouldBe(0);

        // The secret of one installation never authenticates another, even of the same app.
        using var crossed = new ConnectAppClient(_app.App.Key, _app.Client.SharedSecret, elsewhere.ClientKey, elsewhere.TenantBaseUrl);
        (await crossed.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UninstallHidesModulesAndReinstallRestoresThem()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("kept-1", "kept-2"))).EnsureSuccessStatusCode();
        (await _host.Operator.DeleteAsync($"api/v1/tenants/{_app.TenantKey}/apps/{_app.App.Key}")).EnsureSuccessStatusCode();
        (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _app.InstallAsync()).EnsureSuccessStatusCode();
        (await _app.ListKeysAsync()).ShouldBe(["kept-1", "kept-2"]);
    }

    [Fact]
    public async Task DisabledAppCannotCallTheApi()
    {
        (await _host.Operator.PostAsync($"api/v1/tenants/{_app.TenantKey}/apps/{_app.App.Key}/disable", null)).EnsureSuccessStatusCode();
        (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Operator.PostAsync($"api/v1/tenants/{_app.TenantKey}/apps/{_app.App.Key}/enable", null)).EnsureSuccessStatusCode();
        (await _app.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpgradeWhoseStaticKeyClashesPurgesAllDynamicModulesAndAuditsWhy()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("will-clash", "innocent"))).EnsureSuccessStatusCode();
        _app.App.Modules["webItems"]!.AsArray().Add(InstalledApp.WebItem("will-clash"));
        var upgrade = await _app.InstallAsync();
        upgrade.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await upgrade.Content.ReadFromJsonAsync<JsonObject>())!["purgedModuleKeys"]!.AsArray().Count.ShouldBe(2);
        (await _app.ListAsync()).Count.ShouldBe(0);
        var purge = (await _host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{_app.TenantKey}/audit"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.purge")!;
        purge["details"]!.GetValue<string>().ShouldContain("will-clash");
    }

    [Fact]
    public async Task UpgradeWithoutClashKeepsDynamicModules()
    {
        (await _app.RegisterAsync(InstalledApp.WebItems("survivor"))).EnsureSuccessStatusCode();
        (await _app.InstallAsync()).EnsureSuccessStatusCode();
        (await _app.ListKeysAsync()).ShouldBe(["survivor"]);
    }

    [Fact]
    public async Task MalformedBodyIsA400MessageNotA500()
    {
        var response = await _app.Http.PostAsync(InstalledApp.DynamicPath, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("not valid JSON");
        var array = await _app.Http.PostAsJsonAsync(InstalledApp.DynamicPath, new JsonObject { ["modules"] = new JsonArray(1, 2) });
        array.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

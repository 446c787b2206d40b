using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class ConnectModuleApiTests : InstalledAppTest
{
    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>();

    [Fact]
    public async Task ListIsEmptyObjectWhenNothingIsRegistered()
    {
        var response = await App.Http.GetAsync(InstalledApp.DynamicPath);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("{}");
    }

    [Fact]
    public async Task RegisterAnswers200WithNoBodyAndListReturnsDescriptorShape()
    {
        var response = await App.RegisterAsync(InstalledApp.WebItems("dyn-a", "dyn-b"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var list = await App.ListAsync();
        list.Select(t => t.Key).ShouldBe(["webItems"]);
        list["webItems"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ShouldBe(["dyn-a", "dyn-b"]);
        list["webItems"]![0]!["url"]!.GetValue<string>().ShouldBe("/items/dyn-a");
    }

    [Fact]
    public async Task RegisterAcceptsTheModulesWrapperThatJiraJsSends()
    {
        (await App.RegisterAsync(new JsonObject { ["modules"] = InstalledApp.WebItems("wrapped") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ListKeysAsync()).ShouldBe(["wrapped"]);
    }

    [Fact]
    public async Task RegisterIsAllOrNothingWhenOneModuleIsInvalid()
    {
        var body = InstalledApp.WebItems("good-1", "good-2");
        body["webItems"]!.AsArray().Add(new JsonObject { ["key"] = "bad", ["location"] = "x" });
        var response = await App.RegisterAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = await MessageOf(response);
        message.ShouldContain("webItems[2].name");
        message.ShouldContain("webItems[2].url");
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task EveryValidationProblemIsReportedWithItsPath()
    {
        var body = new JsonObject
        {
            ["webItems"] = new JsonArray(new JsonObject { ["key"] = "has space", ["location"] = "x", ["url"] = "/x", ["name"] = new JsonObject { ["value"] = "X" } }),
            ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "hook", ["event"] = "jira:issue_created", ["url"] = "https://evil.example/steal", ["filter"] = "project = = X" }),
        };
        var response = await App.RegisterAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        errors.ShouldContain("webItems[0].key");
        errors.ShouldContain("webhooks[0].url");
        errors.ShouldContain("webhooks[0].filter");
    }

    [Fact]
    public async Task UnknownModuleTypeIsRefused()
    {
        var response = await App.RegisterAsync(new JsonObject { ["noSuchModules"] = new JsonArray(new JsonObject { ["key"] = "x" }) });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("noSuchModules");
    }

    [Fact]
    public async Task TypesOutsideTheProductsAllowListAreRefused()
    {
        var confluence = await Host.CreateTenantAsync(productType: "confluence");
        await using var app = await InstalledApp.CreateAsync(Host, confluence);
        var response = await app.RegisterAsync(new JsonObject
        {
            ["jiraEntityProperties"] = new JsonArray(new JsonObject
            {
                ["key"] = "prop",
                ["name"] = new JsonObject { ["value"] = "Prop" },
                ["entityType"] = "issue",
                ["keyConfigurations"] = new JsonArray(),
            }),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("cannot be registered dynamically in confluence");
        (await app.RegisterAsync(InstalledApp.WebItems("allowed-here"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WebhooksNeedTheReadScope()
    {
        await using var app = await InstalledApp.CreateAsync(Host, configure: a => a.Scopes = ["WRITE"]);
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
        var response = await App.RegisterAsync(InstalledApp.WebItems("fresh", "static-item"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = await MessageOf(response);
        message.ShouldContain("static-item");
        message.ShouldContain("duplicate module keys");
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task KeyOfAnExistingDynamicModuleIsADuplicate()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("taken"))).EnsureSuccessStatusCode();
        var response = await App.RegisterAsync(InstalledApp.WebItems("other", "taken"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("taken");
        (await App.ListKeysAsync()).ShouldBe(["taken"]);
    }

    [Fact]
    public async Task KeyRepeatedInsideTheRequestIsADuplicate()
    {
        var response = await App.RegisterAsync(InstalledApp.WebItems("twice", "twice"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("twice");
        (await App.ListAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteTakesRepeatedAndCommaSeparatedKeysAndIgnoresUnknownOnes()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("a", "b", "c", "d", "e"))).EnsureSuccessStatusCode();
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=a&moduleKey=b")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=c,d")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=nope")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ListKeysAsync()).ShouldBe(["e"]);
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ListAsync()).Count.ShouldBe(0);
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
        (await App.RegisterAsync(body)).EnsureSuccessStatusCode();
        var items = (await App.ListAsync())["webItems"]!.AsArray();
        items[0]!["name"]!["value"]!.GetValue<string>().ShouldBe("Hello from translations");
        items[0]!["name"]!["i18n"]!.GetValue<string>().ShouldBe("greeting");
        items[1]!["name"]!["value"]!.GetValue<string>().ShouldBe("Kept");
    }

    [Fact]
    public async Task RegistrationsAndDeletionsAreAuditedWithTheActor()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("audited"))).EnsureSuccessStatusCode();
        App.Client.Subject = "user-42";
        (await App.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=audited")).EnsureSuccessStatusCode();
        var records = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{App.TenantKey}/audit?app={App.App.Key}"))!["records"]!.AsArray();
        var register = records.Single(r => r!["operation"]!.GetValue<string>() == "module.register")!;
        register["actor"]!.GetValue<string>().ShouldBe("app");
        register["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["audited"]);
        var delete = records.Single(r => r!["operation"]!.GetValue<string>() == "module.delete")!;
        delete["actor"]!.GetValue<string>().ShouldBe("user:user-42");
    }

    [Fact]
    public async Task AnAppSeesAndDeletesOnlyItsOwnModules()
    {
        await using var other = await InstalledApp.CreateAsync(Host, App.Tenant);
        (await App.RegisterAsync(InstalledApp.WebItems("mine"))).EnsureSuccessStatusCode();
        (await other.RegisterAsync(InstalledApp.WebItems("theirs"))).EnsureSuccessStatusCode();
        (await other.ListKeysAsync()).ShouldBe(["theirs"]);
        (await other.Http.DeleteAsync(InstalledApp.DynamicPath + "?moduleKey=mine")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await other.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ListKeysAsync()).ShouldBe(["mine"]);
    }

    [Fact]
    public async Task TheSameAppInAnotherTenantHasItsOwnModulesAndSecret()
    {
        await using var elsewhere = await InstalledApp.CreateAsync(Host, appKey: App.App.Key);
        (await App.RegisterAsync(InstalledApp.WebItems("here"))).EnsureSuccessStatusCode();
        (await elsewhere.ListAsync()).Count.ShouldBe(0);

        // The secret of one installation never authenticates another, even of the same app.
        using var crossed = new ConnectAppClient(App.App.Key, App.Client.SharedSecret, elsewhere.ClientKey, elsewhere.TenantBaseUrl);
        (await crossed.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UninstallHidesModulesAndReinstallRestoresThem()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("kept-1", "kept-2"))).EnsureSuccessStatusCode();
        (await Host.Operator.DeleteAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}")).EnsureSuccessStatusCode();
        (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await App.InstallAsync()).EnsureSuccessStatusCode();
        (await App.ListKeysAsync()).ShouldBe(["kept-1", "kept-2"]);
    }

    [Fact]
    public async Task DisabledAppCannotCallTheApi()
    {
        (await Host.Operator.PostAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}/disable", null)).EnsureSuccessStatusCode();
        (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Host.Operator.PostAsync($"api/v1/tenants/{App.TenantKey}/apps/{App.App.Key}/enable", null)).EnsureSuccessStatusCode();
        (await App.Http.GetAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpgradeWhoseStaticKeyClashesPurgesAllDynamicModulesAndAuditsWhy()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("will-clash", "innocent"))).EnsureSuccessStatusCode();
        App.App.Modules["webItems"]!.AsArray().Add(InstalledApp.WebItem("will-clash"));
        var upgrade = await App.InstallAsync();
        upgrade.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await upgrade.Content.ReadFromJsonAsync<JsonObject>())!["purgedModuleKeys"]!.AsArray().Count.ShouldBe(2);
        (await App.ListAsync()).Count.ShouldBe(0);
        var purge = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{App.TenantKey}/audit"))!["records"]!.AsArray()
            .Single(r => r!["operation"]!.GetValue<string>() == "module.purge")!;
        purge["details"]!.GetValue<string>().ShouldContain("will-clash");
    }

    [Fact]
    public async Task UpgradeWithoutClashKeepsDynamicModules()
    {
        (await App.RegisterAsync(InstalledApp.WebItems("survivor"))).EnsureSuccessStatusCode();
        (await App.InstallAsync()).EnsureSuccessStatusCode();
        (await App.ListKeysAsync()).ShouldBe(["survivor"]);
    }

    [Fact]
    public async Task MalformedBodyIsA400MessageNotA500()
    {
        var response = await App.Http.PostAsync(InstalledApp.DynamicPath, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MessageOf(response)).ShouldContain("not valid JSON");
        var array = await App.Http.PostAsJsonAsync(InstalledApp.DynamicPath, new JsonObject { ["modules"] = new JsonArray(1, 2) });
        array.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Modules;
using DynamicModules.Tests.Modules;

namespace DynamicModules.Tests.Apps;

public class AppDescriptorParserTests
{
    private const string Full = """
        {
          "key": "com.example.my-app",
          "name": "My App",
          "baseUrl": "https://app.example.com/connect/",
          "authentication": {"type": "JWT"},
          "lifecycle": {"installed": "/installed", "uninstalled": "/uninstalled"},
          "scopes": ["read", "WRITE"],
          "apiMigrations": {"signed-install": true, "gdpr": true},
          "translations": {"paths": {"en-US": "/i18n/en.json", "fr-FR": "/i18n/fr.json"}},
          "resources": [{"key": "panel-ui", "path": "/static/panel"}],
          "modules": {
            "function": [{"key": "main", "handler": "index.run"}, {"key": "hooked", "url": "/fn/hooked"}],
            "endpoint": [{"key": "remote-endpoint", "route": {"path": "/events"}}],
            "webItems": [{"key": "item", "location": "x", "url": "/item", "name": {"value": "Item"}}],
            "webhooks": [{"event": "jira:issue_created", "url": "/created"}],
            "trigger": [{"key": "on-update", "events": ["avi:jira:updated:issue"], "function": "main"}],
            "configurePage": {"key": "configure", "url": "/configure", "name": {"value": "Configure"}},
            "jiraProjectAdminTabPanels": [{"key": "project-tab", "whatever": 1}]
          }
        }
        """;

    private static (AppDescriptor? Descriptor, IReadOnlyList<ValidationError> Errors) Parse(string json) =>
        AppDescriptorParser.Parse(JsonNode.Parse(json));

    private static string[] Paths(string json) => Parse(json).Errors.Select(e => e.Path).ToArray();

    [Fact]
    public void FullDescriptorIsParsed()
    {
        var (descriptor, errors) = Parse(Full);

        errors.ShouldBeEmpty();
        descriptor.ShouldNotBeNull();
        descriptor.Key.ShouldBe("com.example.my-app");
        descriptor.Name.ShouldBe("My App");
        descriptor.BaseUrl.ShouldBe("https://app.example.com/connect");
        descriptor.AuthenticationType.ShouldBe("jwt");
        descriptor.Lifecycle.ShouldBe(new AppDescriptorLifecycle("/installed", "/uninstalled", null, null));
        descriptor.Scopes.ShouldBe(["READ", "WRITE"], ignoreOrder: true);
        descriptor.SignedInstall.ShouldBeTrue();
        descriptor.TranslationPaths["fr-FR"].ShouldBe("/i18n/fr.json");
        descriptor.FunctionKeys.ShouldBe(["main", "hooked"], ignoreOrder: true);
        descriptor.EndpointKeys.ShouldBe(["remote-endpoint"]);
        descriptor.ResourceKeys.ShouldBe(["panel-ui"]);
        descriptor.StaticModules.Keys.ShouldBe(["webItems", "webhooks", "trigger", "configurePage", "jiraProjectAdminTabPanels"], ignoreOrder: true);
        descriptor.StaticModules["configurePage"].ShouldHaveSingleItem().Key.ShouldBe("configure");
        descriptor.StaticModules["webhooks"].ShouldHaveSingleItem().Key.ShouldBe(ModuleKeys.ForWebhook("jira:issue_created", "/created", null));
        descriptor.StaticModuleKeys.ShouldContain("main");
        descriptor.Raw["name"]!.GetValue<string>().ShouldBe("My App");
    }

    [Fact]
    public void DeliveryPathIsTheFunctionUrlOrItsDefaultOrTheEndpointRoute()
    {
        var descriptor = Parse(Full).Descriptor!;

        descriptor.DeliveryPathFor(new JsonObject { ["function"] = "main" }).ShouldBe("/functions/main");
        descriptor.DeliveryPathFor(new JsonObject { ["function"] = "hooked" }).ShouldBe("/fn/hooked");
        descriptor.DeliveryPathFor(new JsonObject { ["endpoint"] = "remote-endpoint" }).ShouldBe("/events");
        descriptor.DeliveryPathFor(new JsonObject { ["function"] = "ghost" }).ShouldBeNull();
        AppRelativeUrl.Join(descriptor.BaseUrl, descriptor.Functions["main"].DeliveryPath).ShouldBe("https://app.example.com/connect/functions/main");
    }

    [Fact]
    public void DescriptorDrivesTheDynamicValidationContext()
    {
        var context = Parse(Full).Descriptor!.ValidationContext("jira");

        var result = ModuleRequestValidator.Default.ValidateForge(
            JsonNode.Parse("""{"type": "trigger", "data": {"events": ["e"], "endpoint": "remote-endpoint"}}"""), "k-1", context);

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void MissingKeyAndBaseUrlAreReported()
    {
        Paths("""{"name": "x"}""").ShouldBe(["key", "baseUrl"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/key")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void BadAppKeyIsRefused(string key)
    {
        Paths($$"""{"key": "{{key}}", "baseUrl": "https://app.example.com"}""").ShouldBe(["key"]);
    }

    [Theory]
    [InlineData("/relative")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com/?x=1")]
    [InlineData("https://app.example.com/#top")]
    [InlineData("https://user@app.example.com")]
    public void BadBaseUrlIsRefused(string baseUrl)
    {
        Paths($$"""{"key": "app", "baseUrl": "{{baseUrl}}"}""").ShouldBe(["baseUrl"]);
    }

    [Fact]
    public void HttpBaseUrlIsAllowedForDevelopment()
    {
        Parse("""{"key": "app", "baseUrl": "http://127.0.0.1:3000"}""").Descriptor!.BaseUrl.ShouldBe("http://127.0.0.1:3000");
    }

    [Fact]
    public void TopLevelProblemsAreAllReportedWithPaths()
    {
        var paths = Paths("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "authentication": {"type": "oauth"},
             "lifecycle": {"installed": "https://evil.example.com/installed", "enabled": "/../enabled"},
             "scopes": ["READ", "FLY"],
             "apiMigrations": true,
             "translations": {"paths": {"en": "//cdn.example.com/en.json"}}}
            """);

        paths.ShouldBe(["authentication.type", "lifecycle.installed", "lifecycle.enabled", "scopes[1]", "apiMigrations", "translations.paths.en"], ignoreOrder: true);
    }

    [Fact]
    public void AuthenticationNoneIsAccepted()
    {
        Parse("""{"key": "app", "baseUrl": "https://app.example.com", "authentication": {"type": "NONE"}}""").Descriptor!.AuthenticationType.ShouldBe("none");
    }

    [Fact]
    public void CatalogModulesAreValidatedFullyWithPaths()
    {
        var paths = Paths("""
            {"key": "app", "baseUrl": "https://app.example.com", "scopes": ["READ"],
             "modules": {"webItems": [{"key": "item", "location": "x", "name": {"value": "Item"}}],
                         "trigger": [{"key": "t", "events": [], "function": "ghost"}]}}
            """);

        paths.ShouldBe(["modules.webItems[0].url", "modules.trigger[0].events", "modules.trigger[0].function"], ignoreOrder: true);
    }

    [Fact]
    public void StaticModulesIgnoreTheDynamicAllowList()
    {
        var (descriptor, errors) = Parse("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "modules": {"staticContentMacros": [{"key": "m", "name": {"value": "M"}, "url": "/m"}]}}
            """);

        errors.ShouldBeEmpty();
        descriptor!.StaticModules["staticContentMacros"].ShouldHaveSingleItem();
    }

    [Fact]
    public void StaticWebhookNeedsTheReadScope()
    {
        Paths("""{"key": "app", "baseUrl": "https://app.example.com", "modules": {"webhooks": [{"event": "e", "url": "/h"}]}}""")
            .ShouldBe(["modules.webhooks[0]"]);
    }

    [Fact]
    public void UnknownModuleTypesOnlyNeedAValidKey()
    {
        var paths = Paths("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "modules": {"jiraWorkflowPostFunctions": [{"name": "no key"}, {"key": "bad key"}, {"key": "fine", "anything": []}]}}
            """);

        paths.ShouldBe(["modules.jiraWorkflowPostFunctions[0].key", "modules.jiraWorkflowPostFunctions[1].key"]);
    }

    [Fact]
    public void DuplicateKeysAcrossTheDescriptorAreReportedWithBothPaths()
    {
        var errors = Parse("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "modules": {"function": [{"key": "shared"}],
                         "webItems": [{"key": "shared", "location": "x", "url": "/a", "name": {"value": "A"}}],
                         "jiraProjectAdminTabPanels": [{"key": "shared"}]}}
            """).Errors;

        errors.ShouldBe(
        [
            new ValidationError("modules.webItems[0].key", "Duplicate module key 'shared' (also at modules.function[0].key)."),
            new ValidationError("modules.jiraProjectAdminTabPanels[0].key", "Duplicate module key 'shared' (also at modules.function[0].key)."),
        ]);
    }

    [Fact]
    public void ForgeDeclarationsAreChecked()
    {
        var paths = Paths("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "resources": [{"key": "ui", "path": "https://cdn.example.com/ui"}],
             "modules": {"function": [{"key": "fn", "url": "//evil.example.com"}], "endpoint": [{"key": "ep"}, {"key": "ep2", "route": {"path": "/../x"}}]}}
            """);

        paths.ShouldBe(["resources[0].path", "modules.function[0].url", "modules.endpoint[0].route", "modules.endpoint[1].route.path"], ignoreOrder: true);
    }

    [Fact]
    public void EndpointAuthTakesBothManifestFormsAndNamesAnythingElse()
    {
        var descriptor = Parse("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "modules": {"endpoint": [
               {"key": "a", "route": {"path": "/a"}, "auth": {"appSystemToken": true, "appUserToken": {"enabled": true}}},
               {"key": "b", "route": {"path": "/b"}, "auth": {"appSystemToken": {"enabled": false}}},
               {"key": "c", "route": {"path": "/c"}, "remote": "backend"}]}}
            """).Descriptor!;
        descriptor.Endpoints["a"].ShouldBe(new AppDescriptorEndpoint("a", "/a", null, AppSystemToken: true, AppUserToken: true));
        descriptor.Endpoints["b"].ShouldBe(new AppDescriptorEndpoint("b", "/b"));
        descriptor.Endpoints["c"].Remote.ShouldBe("backend");
        descriptor.EndpointUrl(descriptor.Endpoints["c"]).ShouldBe("https://app.example.com/c");

        Paths("""
            {"key": "app", "baseUrl": "https://app.example.com",
             "modules": {"endpoint": [
               {"key": "a", "route": {"path": "/a"}, "auth": {"appSystemToken": "yes", "appUserToken": {"enabled": 1}}},
               {"key": "b", "route": {"path": "/b"}, "auth": true, "remote": 5}]}}
            """).ShouldBe(["modules.endpoint[0].auth.appSystemToken", "modules.endpoint[0].auth.appUserToken", "modules.endpoint[1].auth", "modules.endpoint[1].remote"],
            ignoreOrder: true);
    }

    [Fact]
    public void StaticFilterErrorsUseTheChecker()
    {
        var (_, errors) = AppDescriptorParser.Parse(JsonNode.Parse("""
            {"key": "app", "baseUrl": "https://app.example.com", "scopes": ["READ"],
             "modules": {"webhooks": [{"event": "e", "url": "/h", "filter": "project = !!"}]}}
            """), TestContexts.FakeFilterChecker);

        errors.ShouldHaveSingleItem().ToString().ShouldBe("modules.webhooks[0].filter: Jql syntax error (line 1, column 5)");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void NonObjectDescriptorIsRefused(string json)
    {
        var (descriptor, errors) = Parse(json);

        descriptor.ShouldBeNull();
        errors.ShouldHaveSingleItem().Path.ShouldBe(string.Empty);
    }

    [Fact]
    public void ModulesMustBeAnObject()
    {
        Paths("""{"key": "app", "baseUrl": "https://app.example.com", "modules": []}""").ShouldBe(["modules"]);
    }
}

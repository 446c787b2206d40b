using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Modules;

public class WebhookModuleTests
{
    [Fact]
    public void WebhookWithoutKeyGetsAStableGeneratedKey()
    {
        const string Body = """{"webhooks": [{"event": "jira:issue_created", "url": "/issue-created?key={issue.key}", "filter": "project = TEST"}]}""";

        var first = TestContexts.Connect(Body).Modules.ShouldHaveSingleItem();
        var second = TestContexts.Connect(Body).Modules.ShouldHaveSingleItem();

        first.Key.ShouldBe(ModuleKeys.ForWebhook("jira:issue_created", "/issue-created?key={issue.key}", "project = TEST"));
        first.Key.ShouldMatch("^webhook-[0-9a-f]{12}$");
        second.Key.ShouldBe(first.Key);
        first.Definition["key"]!.GetValue<string>().ShouldBe(first.Key);
    }

    [Fact]
    public void GeneratedWebhookKeyIsTheDocumentedHash()
    {
        // SHA-256("jira:issue_created\n/hook\n") starts with these 12 hex characters.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("jira:issue_created\n/hook\n"u8))[..12];

        ModuleKeys.ForWebhook("jira:issue_created", "/hook", null).ShouldBe("webhook-" + expected);
        ModuleKeys.ForWebhook("jira:issue_created", "/hook", "").ShouldBe("webhook-" + expected);
        ModuleKeys.ForWebhook("jira:issue_created", "/hook", "project = A").ShouldNotBe("webhook-" + expected);
    }

    [Fact]
    public void EnsureKeyKeepsAnExplicitKey()
    {
        var module = new JsonObject { ["key"] = "mine", ["event"] = "e", ["url"] = "/u" };

        ModuleKeys.EnsureKey(ModuleCatalog.Default.Definitions.Single(d => d.Type == "webhooks"), module).ShouldBe("mine");
    }

    [Fact]
    public void TwoIdenticalKeylessWebhooksAreDuplicates()
    {
        var result = TestContexts.Connect("""{"webhooks": [{"event": "jira:issue_created", "url": "/h"}, {"event": "jira:issue_created", "url": "/h"}]}""");

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("webhooks[1].key");
    }

    [Fact]
    public void WebhookNeedsTheReadScope()
    {
        var result = TestContexts.Connect("""{"webhooks": [{"key": "w", "event": "jira:issue_created", "url": "/h"}]}""", TestContexts.Jira("WRITE"));

        result.Errors.ShouldHaveSingleItem().ShouldBe(
            new ValidationError("webhooks[0]", "Module type webhooks needs the READ scope, which the app does not declare."));
    }

    [Fact]
    public void ReadScopeIsMatchedIgnoringCase()
    {
        var result = TestContexts.Connect("""{"webhooks": [{"key": "w", "event": "jira:issue_created", "url": "/h"}]}""", TestContexts.Jira("read"));

        result.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("https://evil.example.com/hook")]
    [InlineData("//evil.example.com/hook")]
    [InlineData("/../admin")]
    [InlineData("/a/%2E%2E/admin")]
    [InlineData("/\\evil.example.com")]
    [InlineData("/hook@evil.example.com")]
    [InlineData("hook")]
    [InlineData("/hook\r\nX-Injected: 1")]
    public void WebhookUrlOutsideTheAppIsRefused(string url)
    {
        var body = new JsonObject { ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "w", ["event"] = "jira:issue_created", ["url"] = url }) };

        var result = ModuleRequestValidator.Default.ValidateConnect(body, TestContexts.Jira());

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("webhooks[0].url");
    }

    [Fact]
    public void WebhookNeedsEventAndUrlAndChecksItsOtherTypes()
    {
        var result = TestContexts.Connect("""{"webhooks": [{"key": "w", "excludeBody": "true", "propertyKeys": "one"}]}""");

        result.Paths().ShouldBe(["webhooks[0].event", "webhooks[0].url", "webhooks[0].excludeBody", "webhooks[0].propertyKeys"], ignoreOrder: true);
    }

    [Fact]
    public void JqlFilterErrorsAreReportedWithPosition()
    {
        var context = new ModuleValidationContext
        {
            ProductType = "jira",
            Scopes = new HashSet<string> { "READ" },
            CheckFilter = TestContexts.FakeFilterChecker,
        };

        var result = TestContexts.Connect("""{"webhooks": [{"event": "jira:issue_created", "url": "/h", "filter": "project = !!"}]}""", context);

        var error = result.Errors.ShouldHaveSingleItem();
        error.ShouldBe(new ValidationError("webhooks[0].filter", "Jql syntax error (line 1, column 5)"));
        error.ToString().ShouldBe("webhooks[0].filter: Jql syntax error (line 1, column 5)");
    }

    [Fact]
    public void EmptyFilterMeansNoFilter()
    {
        var context = new ModuleValidationContext
        {
            ProductType = "jira",
            Scopes = new HashSet<string> { "READ" },
            CheckFilter = (_, _) => throw new InvalidOperationException("must not be called"),
        };

        TestContexts.Connect("""{"webhooks": [{"event": "jira:issue_created", "url": "/h", "filter": ""}]}""", context).IsValid.ShouldBeTrue();
    }
}

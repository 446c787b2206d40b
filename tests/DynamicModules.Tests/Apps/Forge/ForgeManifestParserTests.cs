using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Apps.Forge;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Apps.Forge;

public class ForgeManifestParserTests
{
    private const string AppId = "ari:cloud:ecosystem::app/3B6C2F0E-6A57-4D41-9F55-2B1C0E7D9A11";

    private const string Valid = """
        app:
          id: ari:cloud:ecosystem::app/3B6C2F0E-6A57-4D41-9F55-2B1C0E7D9A11
          runtime:
            name: nodejs22.x
        modules:
          trigger:
            - key: issue-created
              events: [avi:jira:created:issue]
              endpoint: on-event
          jira:issuePanel:
            - key: panel
              resource: main
              resolver:
                endpoint: resolve
              title: Panel
              icon: https://example.com/icon.png
          endpoint:
            - key: on-event
              remote: backend
              route:
                path: /forge/events
              auth:
                appSystemToken:
                  enabled: true
                appUserToken: true
            - key: resolve
              remote: other_remote
        remotes:
          - key: backend
            baseUrl: https://remote.example.com/base/
            operations: [compute, fetch]
          - key: other_remote
            baseUrl:
              default: https://other.example.com
              EU: https://eu.other.example.com
        resources:
          - key: main
            path: static/main/build
        permissions:
          scopes:
            - read:jira-work
            - storage:app
        """;

    private static (DynamicModules.Apps.AppDescriptor? Descriptor, IReadOnlyList<ValidationError> Errors) Parse(string yaml)
    {
        var (json, problem) = ManifestDocumentReader.Read(yaml);
        problem.ShouldBeNull();
        return ForgeManifestParser.Parse(json);
    }

    private static Dictionary<string, string> Errors(string yaml) =>
        Parse(yaml).Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(e => e.Message)));

    [Fact]
    public void AValidManifestGivesTheModelForgeRequestsNeed()
    {
        var (descriptor, errors) = Parse(Valid);

        errors.ShouldBeEmpty();
        var forge = descriptor!.Forge!;
        forge.AppId.ShouldBe("ari:cloud:ecosystem::app/3b6c2f0e-6a57-4d41-9f55-2b1c0e7d9a11");
        forge.AppUuid.ShouldBe("3b6c2f0e-6a57-4d41-9f55-2b1c0e7d9a11");
        forge.AppKey.ShouldBe(forge.AppUuid);
        forge.ConnectKey.ShouldBeNull();
        forge.Remotes["backend"].BaseUrl.ShouldBe("https://remote.example.com/base");
        forge.Remotes["other_remote"].BaseUrl.ShouldBe("https://other.example.com");
        forge.Endpoints["on-event"].ShouldBe(new ForgeEndpoint("on-event", "backend", "/forge/events", new ForgeEndpointAuth(true, true)));
        forge.Endpoints["resolve"].ShouldBe(new ForgeEndpoint("resolve", "other_remote", "/", ForgeEndpointAuth.None));
        forge.EndpointUrl("on-event").ShouldBe("https://remote.example.com/base/forge/events");
        forge.EndpointUrl("resolve").ShouldBe("https://other.example.com");
        forge.EndpointUrl("missing").ShouldBeNull();
        forge.Scopes.ShouldBe(["read:jira-work", "storage:app"]);
        descriptor.Key.ShouldBe(forge.AppUuid);
        descriptor.Scopes.ShouldBe(["READ"]);
        descriptor.AuthenticationType.ShouldBe("none");
        descriptor.BaseUrl.ShouldBe("https://remote.example.com/base");
        descriptor.StaticModules["trigger"].Single().Key.ShouldBe("issue-created");
        descriptor.StaticModules["jira:issuePanel"].Single().Key.ShouldBe("panel");
        descriptor.DeliveryPathFor(descriptor.StaticModules["trigger"][0].Definition).ShouldBe("/forge/events");
        descriptor.Lifecycle.Installed.ShouldBeNull();
    }

    [Fact]
    public void TheStoredManifestIsRecognisedAndParsesToTheSameApp()
    {
        var (descriptor, _) = Parse(Valid);
        var stored = JsonNode.Parse(descriptor!.Raw.ToJsonString());

        ForgeManifestParser.IsManifest(stored).ShouldBeTrue();
        ForgeManifestParser.IsManifest(JsonNode.Parse("""{"key": "a", "baseUrl": "https://x", "app": {}}""")).ShouldBeFalse();
        ForgeManifestParser.Parse(stored).Descriptor!.Forge!.Endpoints.Count.ShouldBe(2);
    }

    [Fact]
    public void AConnectKeyNamesTheAppAndItsRemoteIsTheBaseUrl()
    {
        var (descriptor, errors) = Parse(Valid.Replace("  runtime:", "  connect:\n    key: com.example.legacy\n    remote: other_remote\n  runtime:", StringComparison.Ordinal));

        errors.ShouldBeEmpty();
        descriptor!.Key.ShouldBe("com.example.legacy");
        descriptor.Forge!.ConnectKey.ShouldBe("com.example.legacy");
        descriptor.BaseUrl.ShouldBe("https://other.example.com");
        descriptor.AuthenticationType.ShouldBe("jwt");
    }

    [Fact]
    public void EveryProblemIsReportedWithItsPath()
    {
        var errors = Errors("""
            app:
              id: not-an-ari
              connect: {key: "bad key!", remote: nowhere}
            modules:
              trigger:
                - key: t-1
                  events: [avi:jira:created:issue]
                  endpoint: undeclared
              endpoint:
                - key: this-key-is-far-too-long-for-forge
                  remote: missing
                  route: {path: "https://evil.example.com/x"}
                  auth: {appSystemToken: maybe, other: true}
            remotes:
              - key: r
                baseUrl: ftp://example.com
                operations: [compute, teleport]
            permissions:
              scopes: [read:jira-work, "bad scope"]
            surprise: {}
            """);

        errors.Keys.ShouldBe(
        [
            "surprise", "remotes[0].baseUrl", "remotes[0].operations[1]", "app.id", "app.connect.key", "app.connect.remote",
            "permissions.scopes[1]", "modules.endpoint[0].key", "modules.endpoint[0].remote", "modules.endpoint[0].route.path",
            "modules.endpoint[0].auth.other", "modules.endpoint[0].auth.appSystemToken", "modules.trigger[0].endpoint",
        ], ignoreOrder: true);
    }

    [Fact]
    public void FunctionsAreRefusedWithAPointerToEndpoints()
    {
        var errors = Errors(Valid
            .Replace("      endpoint: on-event\n", "      function: main\n", StringComparison.Ordinal)
            .Replace("  endpoint:\n", "  function:\n    - key: main\n      handler: index.run\n  endpoint:\n", StringComparison.Ordinal));

        errors["modules.function"].ShouldContain("declare an endpoint");
        errors["modules.trigger[0].function"].ShouldBe(ForgeManifestParser.FunctionRefusal);
        var context = Parse(Valid).Descriptor!.ValidationContext("jira");
        context.FunctionRefusal.ShouldBe(ForgeManifestParser.FunctionRefusal);
    }

    [Fact]
    public void ATriggerNeedsAScopeThatMapsToRead()
    {
        var errors = Errors(Valid.Replace("    - read:jira-work\n", string.Empty, StringComparison.Ordinal));

        errors["modules.trigger[0]"].ShouldContain("READ scope");
    }

    [Fact]
    public void AManifestWithoutRemotesIsRefused() =>
        Errors("app:\n  id: " + AppId + "\n")["remotes"].ShouldContain("at least one remote");

    [Theory]
    [InlineData("read:jira-work", "READ")]
    [InlineData("read:jira-user", "READ")]
    [InlineData("read:confluence-content.all", "READ")]
    [InlineData("search:confluence", "READ")]
    [InlineData("read:issue:jira", "READ")]
    [InlineData("write:jira-work", "WRITE")]
    [InlineData("write:page:confluence", "WRITE")]
    [InlineData("delete:issue:jira", "DELETE")]
    [InlineData("manage:jira-project", "PROJECT_ADMIN")]
    [InlineData("manage:jira-configuration", "ADMIN")]
    [InlineData("manage:confluence-configuration", "ADMIN")]
    [InlineData("storage:app", null)]
    [InlineData("read:app-system-token", null)]
    [InlineData("report:personal-data", null)]
    [InlineData("jira", null)]
    public void ForgeScopesMapOntoCatalogScopes(string forgeScope, string? catalogScope) =>
        ForgeScopes.ToCatalogScope(forgeScope).ShouldBe(catalogScope);

    private static readonly string[] Names =
    [
        "app", "id", "connect", "key", "modules", "endpoint", "trigger", "remotes", "remote", "baseUrl", "default", "route", "path",
        "auth", "appSystemToken", "enabled", "permissions", "scopes", "resources", "events", "function", "jira:issuePanel", "resource",
    ];

    private static readonly string[] Strings = ["", "key", "remote", AppId, "https://x.example.com", "/p", "read:jira-work", "avi:jira:created:issue"];

    // Shapes close to a manifest reach deep into the parser; CsCheck draws the seed and shrinks it on a failure.
    private static JsonNode? RandomNode(Random random, int depth) => random.Next(depth > 3 ? 3 : 6) switch
    {
        0 => null,
        1 => Strings[random.Next(Strings.Length)],
        2 => random.Next(2) == 0 ? JsonValue.Create(random.Next(-2, 3)) : JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomNode(random, depth + 1))]),
        _ => Object(random, depth),
    };

    private static JsonObject Object(Random random, int depth)
    {
        var obj = new JsonObject();
        for (var i = random.Next(5); i > 0; i--)
        {
            obj[Names[random.Next(Names.Length)]] = RandomNode(random, depth + 1);
        }

        return obj;
    }

    [Fact]
    public void RandomDocumentsNeverThrow() =>
        Gen.Int.Sample(seed => ForgeManifestParser.Parse(Object(new Random(seed), 0)), iter: 5000);
}

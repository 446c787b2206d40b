using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Forge;

/// <summary>
/// Installing Forge apps from their manifest.yml through <c>POST /api/v1/tenants/{tenant}/apps</c> (DESIGN §4.5), on both
/// engines: YAML and JSON text, by URL, every problem with its path, functions refused, hostile YAML refused, and
/// adopting a Connect installation.
/// </summary>
public sealed class ManifestInstallTests
{
    private const string RemoteUrl = "https://remote.example.com/app";

    private static Task<HttpResponseMessage> InstallAsync(ServiceHost host, string tenant, object body) =>
        host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", body);

    private static async Task<JsonObject> ErrorsOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldStartWith("The manifest is invalid: ");
        return problem["errors"]!.AsObject();
    }

    private static async Task<List<string>> ModuleKeysAsync(ServiceHost host, string tenant, string appKey)
    {
        var modules = await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant}/modules?app={appKey}");
        return modules!["modules"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AYamlManifestInstallsUnderTheUuidOfItsAppIdAndServesItsStaticModules(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var appId = ForgeManifests.NewAppId();
        var uuid = ForgeManifests.Uuid(appId);

        var response = await InstallAsync(host, tenant, new { manifest = ForgeManifests.Yaml(appId, RemoteUrl) });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["installation"]!["appKey"]!.GetValue<string>().ShouldBe(uuid);
        body["operation"]!.GetValue<string>().ShouldBe("app.install");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tenants/{tenant}/apps/{uuid}");
        (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant}/apps/{uuid}"))!["state"]!.GetValue<string>().ShouldBe("enabled");
        (await ModuleKeysAsync(host, tenant, uuid)).ShouldBe(["issue-created"]);

        var again = await InstallAsync(host, tenant, new { manifest = ForgeManifests.Yaml(appId, RemoteUrl) });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["installation"]!["descriptorVersion"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task JsonTextAndManifestUrlsInstallToo(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var server = await ManifestServer.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var json = ForgeManifests.NewAppId();
        (await InstallAsync(host, tenant, new { manifest = ForgeManifests.Json(json, RemoteUrl) })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var byUrl = ForgeManifests.NewAppId();
        server.Text = ForgeManifests.Yaml(byUrl, RemoteUrl);
        (await InstallAsync(host, tenant, new { manifestUrl = server.ManifestUrl })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var jsonByUrl = ForgeManifests.NewAppId();
        server.Text = ForgeManifests.Json(jsonByUrl, RemoteUrl);
        (await InstallAsync(host, tenant, new { manifestUrl = server.ManifestUrl })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var apps = (await host.Operator.GetFromJsonAsync<JsonArray>($"api/v1/tenants/{tenant}/apps"))!.Select(a => a!["appKey"]!.GetValue<string>());
        apps.ShouldBe([ForgeManifests.Uuid(json), ForgeManifests.Uuid(byUrl), ForgeManifests.Uuid(jsonByUrl)], ignoreOrder: true);

        var missing = await InstallAsync(host, tenant, new { manifestUrl = server.BaseUrl + "/nothing.yml" });
        missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("The manifest could not be fetched");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AnInvalidManifestIsRefusedWithEveryProblemAndItsPathAndInstallsNothing(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var manifest = """
            app:
              id: ari:cloud:ecosystem::app/not-a-uuid
            modules:
              trigger:
                - key: t-1
                  events: []
                  endpoint: nowhere
              endpoint:
                - key: e-1
                  remote: undeclared
                  auth:
                    appUserToken: sometimes
            remotes:
              - key: backend
                baseUrl: ftp://remote.example.com
            permissions:
              scopes: [read:jira-work, 42]
            """;

        var errors = await ErrorsOf(await InstallAsync(host, tenant, new { manifest }));

        errors.Select(e => e.Key).ShouldBe(
        [
            "app.id", "modules.trigger[0].events", "modules.trigger[0].endpoint", "modules.endpoint[0].remote", "modules.endpoint[0].auth.appUserToken",
            "remotes[0].baseUrl", "permissions.scopes[1]",
        ], ignoreOrder: true);
        (await host.Operator.GetFromJsonAsync<JsonArray>($"api/v1/tenants/{tenant}/apps"))!.Count.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AFunctionTargetIsRefusedWithAMessagePointingAtEndpoint(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var manifest = ForgeManifests.Yaml(ForgeManifests.NewAppId(), RemoteUrl)
            .Replace("      endpoint: on-event\n", "      function: main\n", StringComparison.Ordinal)
            .Replace("  endpoint:\n", "  function:\n    - key: main\n      handler: index.handler\n  endpoint:\n", StringComparison.Ordinal);

        var errors = await ErrorsOf(await InstallAsync(host, tenant, new { manifest }));

        errors.Select(e => e.Key).ShouldBe(["modules.function", "modules.trigger[0].function"], ignoreOrder: true);
        foreach (var (_, messages) in errors)
        {
            messages![0]!.GetValue<string>().ShouldContain("declare an endpoint (modules.endpoint");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AdoptingAConnectAppIsAnUpgradeThatKeepsItsSecretModulesAndAudit(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var connect = await InstalledApp.CreateAsync(host);
        (await connect.RegisterAsync(InstalledApp.WebItems("kept-1", "kept-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var appId = ForgeManifests.NewAppId();

        var response = await InstallAsync(host, connect.TenantKey, new { manifest = ForgeManifests.Yaml(appId, connect.App.BaseUrl, connect.App.Key) });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["operation"]!.GetValue<string>().ShouldBe("app.upgrade");
        body["installation"]!["appKey"]!.GetValue<string>().ShouldBe(connect.App.Key);
        body["installation"]!["descriptorVersion"]!.GetValue<int>().ShouldBe(2);
        body["purgedModuleKeys"]!.AsArray().Count.ShouldBe(0);
        // Same row, same shared secret: the Connect client's JWT still authenticates, and its dynamic modules are all there.
        (await connect.ListKeysAsync()).ShouldBe(["kept-1", "kept-2"]);
        (await ModuleKeysAsync(host, connect.TenantKey, connect.App.Key)).ShouldBe(["issue-created", "kept-1", "kept-2"], ignoreOrder: true);
        connect.App.ReceivedAt("/installed").Count().ShouldBe(1);

        var audit = (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{connect.TenantKey}/audit?app={connect.App.Key}"))!["records"]!.AsArray();
        audit.Select(r => r!["operation"]!.GetValue<string>()).ShouldBe(["app.install", "module.register", "app.upgrade"]);
        audit[^1]!["details"]!.GetValue<string>().ShouldContain($"adopted by Forge app {appId}");

        // Another Forge app cannot take the Connect key over once it is adopted.
        var thief = await InstallAsync(host, connect.TenantKey, new { manifest = ForgeManifests.Yaml(ForgeManifests.NewAppId(), connect.App.BaseUrl, connect.App.Key) });
        (await ErrorsOf(thief)).Select(e => e.Key).ShouldBe(["app.connect.key"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AnAdoptedAppsDynamicForgeTriggersNeedAnEndpointNotAFunction(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var connect = await InstalledApp.CreateAsync(host);
        (await InstallAsync(host, connect.TenantKey, new { manifest = ForgeManifests.Yaml(ForgeManifests.NewAppId(), connect.App.BaseUrl, connect.App.Key) }))
            .EnsureSuccessStatusCode();

        var withFunction = await connect.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject
        {
            ["type"] = "trigger",
            ["data"] = new JsonObject { ["events"] = new JsonArray("avi:jira:updated:issue"), ["function"] = "main" },
        });
        withFunction.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await withFunction.Content.ReadAsStringAsync()).ShouldContain("declare an endpoint");

        var withEndpoint = await connect.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject
        {
            ["type"] = "trigger",
            ["data"] = new JsonObject { ["events"] = new JsonArray("avi:jira:updated:issue"), ["endpoint"] = "on-event" },
        });
        withEndpoint.StatusCode.ShouldBe(HttpStatusCode.Created, await withEndpoint.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string> HostileYaml()
    {
        var laughs = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            laughs.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        }

        var data = new TheoryData<string, string, string>();
        foreach (var engine in TestDatabases.Engines())
        {
            data.Add(engine, laughs.ToString(), "YAML anchors");
            data.Add(engine, "app: " + new string('[', 500_000), "nests deeper than 64 levels");
            data.Add(engine, "app: [" + string.Join(",", Enumerable.Repeat("0", 150_000)) + "]", "more than 100000 nodes");
            data.Add(engine, "app: !!python/object:os.system ls", "YAML tags");
            data.Add(engine, "app: {id: a}\napp: {id: b}", "Duplicate key 'app'");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileYaml))]
    public async Task HostileYamlIsRefusedWithA400ThatSaysWhy(string engine, string manifest, string reason)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var response = await InstallAsync(host, tenant, new { manifest });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain(reason);
    }

    [Fact]
    public async Task AManifestLargerThanTheLimitIsRefusedWhetherGivenOrFetched()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var server = await ManifestServer.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        server.Text = "app: " + new string('x', (1 << 20) + 10);

        var given = await InstallAsync(host, tenant, new { manifest = server.Text });
        given.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await given.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("larger than the limit");

        var fetched = await InstallAsync(host, tenant, new { manifestUrl = server.ManifestUrl });
        fetched.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await fetched.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("the limit is 1048576 bytes");
    }

    [Theory]
    [InlineData("""{"manifest":"app: {}","descriptorUrl":"http://127.0.0.1:1/a.json"}""", "$")]
    [InlineData("""{"manifest":{"app":{}}}""", "manifest")]
    [InlineData("""{"manifestUrl":7}""", "manifestUrl")]
    public async Task AMalformedInstallBodyIsA400NamingTheField(string body, string path)
    {
        await using var host = await ServiceHost.StartAsync();
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();

        var response = await host.Operator.PostAsync($"api/v1/tenants/{tenant}/apps", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(path).ShouldBeTrue();
    }
}

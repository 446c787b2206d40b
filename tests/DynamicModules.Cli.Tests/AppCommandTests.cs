using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Tests.Infrastructure;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary><c>dynmod apps install|list|uninstall</c> and <c>modules list</c> against the real service and a real app.</summary>
public sealed class AppCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task Apps_install_from_a_url_and_from_a_file_list_and_uninstall(string engine)
    {
        await using var service = await CliService.StartAsync(engine);
        var tenant = CliService.NewTenantKey();
        (await service.RunAsync("tenants", "create", tenant, "--product", "jira")).ExitCode.ShouldBe(0);

        var installed = (await service.RunAsync("apps", "install", tenant, service.DescriptorUrl, "--json")).Json();
        installed["operation"]!.GetValue<string>().ShouldBe("app.install");
        installed["installation"]!["appKey"]!.GetValue<string>().ShouldBe(service.App.Key);
        service.App.ReceivedAt("/installed").Single().SignatureProblem.ShouldBeNull();

        // The same descriptor from a file is a Connect descriptor by its content: sent inline, an upgrade.
        var file = Path.Combine(Path.GetTempPath(), $"descriptor-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, service.App.Descriptor().ToJsonString());
        try
        {
            var upgraded = await service.RunAsync("apps", "install", tenant, file);
            upgraded.ExitCode.ShouldBe(0, upgraded.ToString());
            upgraded.Stdout.ShouldContain(service.App.Key);
        }
        finally
        {
            File.Delete(file);
        }

        var listed = (await service.RunAsync("apps", "list", tenant, "--json")).Json().AsArray();
        var app = listed.ShouldHaveSingleItem()!;
        app["appKey"]!.GetValue<string>().ShouldBe(service.App.Key);
        app["state"]!.GetValue<string>().ShouldBe("enabled");
        app["descriptorVersion"]!.GetValue<int>().ShouldBe(2);

        var uninstalled = (await service.RunAsync("apps", "uninstall", tenant, service.App.Key, "--json")).Json();
        uninstalled["state"]!.GetValue<string>().ShouldBe("uninstalled");
        service.App.ReceivedAt("/uninstalled").ShouldHaveSingleItem();

        var table = await service.RunAsync("apps", "list", tenant);
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain(service.App.Key);
        table.Stdout.ShouldContain("uninstalled");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task Modules_list_shows_static_and_dynamic_modules_filtered_by_app_and_type(string engine)
    {
        await using var service = await CliService.StartAsync(engine);
        var tenant = CliService.NewTenantKey();
        var tenantJson = (await service.RunAsync("tenants", "create", tenant, "--product", "jira", "--json")).Json();
        (await service.RunAsync("apps", "install", tenant, service.DescriptorUrl)).ExitCode.ShouldBe(0);
        var appClient = new ConnectAppClient(service.App.Key, service.App.SharedSecret, tenantJson["clientKey"]!.GetValue<string>(), tenantJson["baseUrl"]!.GetValue<string>());
        var registered = await appClient.Http.PostAsJsonAsync("rest/atlassian-connect/1/app/module/dynamic", new JsonObject
        {
            ["webItems"] = new JsonArray(new JsonObject
            {
                ["key"] = "dynamic-item",
                ["location"] = "system.top.navigation.bar",
                ["url"] = "/dynamic-item",
                ["name"] = new JsonObject { ["value"] = "Dynamic item" },
            }),
        });
        registered.IsSuccessStatusCode.ShouldBeTrue(await registered.Content.ReadAsStringAsync());

        var all = (await service.RunAsync("modules", "list", tenant, "--json")).Json();
        all["modules"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ShouldBe(["on-created", "static-item", "dynamic-item"], ignoreOrder: true);

        var webItems = (await service.RunAsync("modules", "list", tenant, "--app", service.App.Key, "--type", "webItems", "--json")).Json();
        webItems["modules"]!.AsArray().Select(m => (m!["key"]!.GetValue<string>(), m["source"]!.GetValue<string>()))
            .ShouldBe([("static-item", "static"), ("dynamic-item", "dynamic")]);

        var none = (await service.RunAsync("modules", "list", tenant, "--app", "no-such-app", "--json")).Json();
        none["modules"]!.AsArray().ShouldBeEmpty();

        var table = await service.RunAsync("modules", "list", tenant, "--type", "webItems");
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain("dynamic-item");
        table.Stdout.ShouldNotContain("on-created");
    }
}

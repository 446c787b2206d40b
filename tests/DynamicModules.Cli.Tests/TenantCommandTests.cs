using DynamicModules.Cli.Tests.Infrastructure;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary><c>dynmod tenants create|list</c> against the real service.</summary>
public sealed class TenantCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task Tenants_create_makes_a_tenant_updates_it_keeping_its_name_and_list_shows_it(string engine)
    {
        await using var service = await CliService.StartAsync(engine);
        var key = CliService.NewTenantKey();

        var created = (await service.RunAsync("tenants", "create", key, "--product", "jira", "--name", "Acme Corp", "--json")).Json();
        created["key"]!.GetValue<string>().ShouldBe(key);
        created["productType"]!.GetValue<string>().ShouldBe("jira");
        created["displayName"]!.GetValue<string>().ShouldBe("Acme Corp");
        var clientKey = created["clientKey"]!.GetValue<string>();

        // Without --name an update keeps the name; the product changes, the clientKey never does.
        var updated = (await service.RunAsync("tenants", "create", key, "--product", "confluence", "--json")).Json();
        updated["displayName"]!.GetValue<string>().ShouldBe("Acme Corp");
        updated["productType"]!.GetValue<string>().ShouldBe("confluence");
        updated["clientKey"]!.GetValue<string>().ShouldBe(clientKey);

        var listed = (await service.RunAsync("tenants", "list", "--json")).Json().AsArray();
        listed.Select(t => t!["key"]!.GetValue<string>()).ShouldContain(key);

        var table = await service.RunAsync("tenants", "list");
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain(key);
        table.Stdout.ShouldContain(clientKey);
        // Redirected output carries no colour codes.
        table.Stdout.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task A_new_tenant_without_a_name_is_named_after_its_key_and_the_human_answer_shows_its_client_key()
    {
        await using var service = await CliService.StartAsync("sqlite");
        var key = CliService.NewTenantKey();

        var result = await service.RunAsync("tenants", "create", key, "--product", "jira");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"Tenant {key} saved.");
        var tenant = (await service.RunAsync("tenants", "list", "--json")).Json().AsArray().Single(t => t!["key"]!.GetValue<string>() == key)!;
        tenant["displayName"]!.GetValue<string>().ShouldBe(key);
        result.Stdout.ShouldContain(tenant["clientKey"]!.GetValue<string>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Modules.Read;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

/// <summary>Two server nodes on one PostgreSQL database: a change on one reaches the other's cache and feeds through NOTIFY.</summary>
public sealed class CrossNodeInvalidationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Neither the revalidation safety net nor feed polling may be what makes these tests pass.
        ["DynamicModules:ModuleRead:RevalidateAfter"] = "01:00:00",
        ["DynamicModules:ModuleRead:ChangeFeedPollInterval"] = "01:00:00",
    };

    private static async Task<(ServiceHost A, ServiceHost B)> StartTwoNodesAsync()
    {
        if (TestDatabases.PostgresConnectionString is null && Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_POSTGRES") != "1")
        {
            Assert.Skip("Set DYNMOD_TEST_POSTGRES to run the cross-node tests.");
        }

        var database = await TestDatabases.CreatePostgresDatabaseAsync();
        var a = await ServiceHost.StartAsync("postgres", Settings, postgresConnectionString: database);
        var b = await ServiceHost.StartAsync("postgres", Settings, postgresConnectionString: database);
        foreach (var host in new[] { a, b })
        {
            var cache = host.App.Services.GetRequiredService<TenantModuleCache>();
            var listening = DateTime.UtcNow + Wait;
            while (cache.Suspended && DateTime.UtcNow < listening)
            {
                await Task.Delay(50);
            }

            cache.Suspended.ShouldBeFalse("the node should be listening for other nodes' changes");
        }

        return (a, b);
    }

    [Fact]
    public async Task ChangeOnOneNodeInvalidatesTheOtherNodesCachedRead()
    {
        var (a, b) = await StartTwoNodesAsync();
        await using var _ = a;
        await using var __ = b;
        await using var app = await FakeConnectApp.StartAsync();
        app.KeyServer = b.BaseUrl;
        var tenant = (await a.CreateTenantAsync())["key"]!.GetValue<string>();

        var before = await a.Operator.GetAsync($"api/v1/tenants/{tenant}/modules");
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = before.Headers.ETag!.Tag;
        a.App.Services.GetRequiredService<TenantModuleCache>().Count.ShouldBe(1);

        (await b.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptorUrl = app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + Wait;
        JsonObject? body = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await a.Operator.GetAsync($"api/v1/tenants/{tenant}/modules");
            if (response.Headers.ETag!.Tag != etag)
            {
                body = await response.Content.ReadFromJsonAsync<JsonObject>();
                break;
            }

            await Task.Delay(50);
        }

        body.ShouldNotBeNull("node A still served its old snapshot");
        body["modules"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ShouldContain("static-item");
    }

    [Fact]
    public async Task ChangeFeedOnOneNodeWakesForCommitsOfTheOther()
    {
        var (a, b) = await StartTwoNodesAsync();
        await using var _ = a;
        await using var __ = b;
        await using var app = await FakeConnectApp.StartAsync();
        app.KeyServer = b.BaseUrl;
        var tenant = (await a.CreateTenantAsync())["key"]!.GetValue<string>();

        using var response = await a.Operator.GetAsync($"api/v1/tenants/{tenant}/changes?after=0", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
        (await b.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptorUrl = app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();

        var change = await reader.NextAsync(Wait);
        change.Id.ShouldBe("1");
        change.Event.ShouldBe("module-change");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Secrets;

/// <summary>Admin links are Data Protection tokens whose key ring lives in the database, sealed with the secret keys.</summary>
public sealed class AdminSessionTokenTests : IAsyncLifetime
{
    private readonly List<ServiceHost> _hosts = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "dm-tests", Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ALinkMintedBeforeARestartStillSignsIn(string engine)
    {
        var postgres = engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var first = await StartAsync(engine, postgres);
        var tenant = (await first.CreateTenantAsync())["key"]!.GetValue<string>();
        var token = await MintAsync(first, tenant);
        await first.DisposeAsync();
        _hosts.Remove(first);

        var second = await StartAsync(engine, postgres);

        (await GetTenantAsync(second, tenant, token)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NodesSharingPostgresAcceptEachOthersLinks()
    {
        Assert.SkipWhen(TestDatabases.PostgresConnectionString is null, "needs DYNMOD_TEST_POSTGRES");
        var postgres = await TestDatabases.CreatePostgresDatabaseAsync();
        var a = await StartAsync("postgres", postgres);
        var b = await StartAsync("postgres", postgres, Path.Combine(_dataDirectory, "node-b"));
        var tenant = (await a.CreateTenantAsync())["key"]!.GetValue<string>();

        (await GetTenantAsync(b, tenant, await MintAsync(a, tenant))).ShouldBe(HttpStatusCode.OK);
        (await GetTenantAsync(a, tenant, await MintAsync(b, tenant))).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AlteredLinksAreRefusedWith401(string engine)
    {
        var host = await StartAsync(engine, engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null);
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var other = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var token = await MintAsync(host, tenant);
        var parts = token.Split('.');
        var otherParts = (await MintAsync(host, other)).Split('.');

        (await GetTenantAsync(host, tenant, token)).ShouldBe(HttpStatusCode.OK);
        (await GetTenantAsync(host, other, token)).ShouldBe(HttpStatusCode.NotFound);
        foreach (var altered in new[]
        {
            // The visible hint names another tenant: the protected part is the only authority.
            $"dma.{otherParts[1]}.{parts[2]}",
            $"dma.{parts[1]}.{parts[2][..^3]}",
            $"dma.{parts[1]}.{parts[2]}AAAA",
            $"dma.{parts[1]}.{(parts[2][10] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            $"dma.{parts[1]}.{parts[2][..10]}{(parts[2][10] == 'A' ? 'B' : 'A')}{parts[2][11..]}",
            $"dma.{parts[1]}",
            $"dma.{parts[1]}.{parts[2]}.x",
            "dma." + new string('A', 3000),
        })
        {
            (await GetTenantAsync(host, other, altered)).ShouldBe(HttpStatusCode.Unauthorized, altered);
            (await GetTenantAsync(host, tenant, altered)).ShouldBe(HttpStatusCode.Unauthorized, altered);
        }
    }

    private async Task<ServiceHost> StartAsync(string engine, string? postgres, string? dataDirectory = null)
    {
        var host = await ServiceHost.StartAsync(engine, dataDirectory: dataDirectory ?? _dataDirectory, postgresConnectionString: postgres);
        _hosts.Add(host);
        return host;
    }

    private static async Task<string> MintAsync(ServiceHost host, string tenant)
    {
        var link = await host.Operator.PostAsync($"api/v1/tenants/{tenant}/admin-links", null);
        link.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await link.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>().Split("#token=")[1];
    }

    private static async Task<HttpStatusCode> GetTenantAsync(ServiceHost host, string tenant, string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync($"api/v1/tenants/{tenant}");
        return response.StatusCode;
    }
}

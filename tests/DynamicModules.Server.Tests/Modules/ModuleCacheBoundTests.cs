using System.Net;
using DynamicModules.Server.Modules.Read;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

public sealed class ModuleCacheBoundTests
{
    [Fact]
    public async Task CachedTenantsNeverExceedTheConfiguredMaximum()
    {
        await using var host = await ServiceHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["DynamicModules:ModuleRead:MaxCachedTenants"] = "5",
        });
        var cache = host.App.Services.GetRequiredService<TenantModuleCache>();
        var tenants = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tenants.Add((await host.CreateTenantAsync())["key"]!.GetValue<string>());
        }

        // Read them round-robin, in parallel bursts, so eviction races with reads.
        for (var round = 0; round < 3; round++)
        {
            await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (tenant, _) =>
            {
                var response = await host.Operator.GetAsync($"api/v1/tenants/{tenant}/modules");
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                cache.Count.ShouldBeLessThanOrEqualTo(5);
            });
        }

        cache.Count.ShouldBeLessThanOrEqualTo(5);
        cache.Count.ShouldBeGreaterThan(0);

        // The most recently read tenant stays; hot tenants are the ones kept.
        for (var i = 0; i < 3; i++)
        {
            await host.Operator.GetAsync($"api/v1/tenants/{tenants[0]}/modules");
        }

        (await cache.GetAsync(tenants[0], CancellationToken.None))!.TenantKey.ShouldBe(tenants[0]);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Tenants;

/// <summary>A tenant update keeps the limits it does not name; an explicit <c>tenantTotal: null</c> removes the cap.</summary>
public sealed class TenantLimitsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task LeftOutLimitsAreKeptAndAnExplicitNullClearsTheTenantCap()
    {
        await PutAsync(new { productType = "jira", displayName = "Acme", limits = new { perApp = 5, tenantTotal = 20 } });

        var perAppOnly = await PutAsync(new { productType = "jira", displayName = "Acme", limits = new { perApp = 7 } });
        perAppOnly["limits"]!["perApp"]!.GetValue<int>().ShouldBe(7);
        perAppOnly["limits"]!["tenantTotal"]!.GetValue<int>().ShouldBe(20);

        var noLimits = await PutAsync(new { productType = "jira", displayName = "Acme Inc" });
        noLimits["limits"]!["perApp"]!.GetValue<int>().ShouldBe(7);
        noLimits["limits"]!["tenantTotal"]!.GetValue<int>().ShouldBe(20);

        var cleared = await PutAsync(new JsonObject
        {
            ["productType"] = "jira",
            ["displayName"] = "Acme Inc",
            ["limits"] = new JsonObject { ["tenantTotal"] = null },
        });
        cleared["limits"]!["perApp"]!.GetValue<int>().ShouldBe(7);
        cleared["limits"]!["tenantTotal"].ShouldBeNull();
    }

    private async Task<JsonObject> PutAsync(object body)
    {
        using var response = await _host.Operator.PutAsJsonAsync("api/v1/tenants/limits-keep", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}

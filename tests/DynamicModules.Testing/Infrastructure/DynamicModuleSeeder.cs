using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>Registers dynamic modules the way apps do: through the Connect API, signed as the installed app.</summary>
public static class DynamicModuleSeeder
{
    /// <summary>Registers a Connect batch as <paramref name="app"/> in <paramref name="tenantKey"/>; fails the test unless it is accepted.</summary>
    public static async Task RegisterConnectAsync(ServiceHost host, string tenantKey, FakeConnectApp app, JsonObject modules)
    {
        var tenant = (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenantKey}"))!;
        using var client = new ConnectAppClient(app.Key, app.SharedSecret, tenant["clientKey"]!.GetValue<string>(), tenant["baseUrl"]!.GetValue<string>());
        var response = await client.Http.PostAsJsonAsync(InstalledApp.DynamicPath, modules);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A Connect web item.</summary>
    public static JsonObject WebItem(string key, string location = "system.top.navigation.bar") => new()
    {
        ["key"] = key,
        ["location"] = location,
        ["url"] = "/" + key,
        ["name"] = new JsonObject { ["value"] = "Item " + key },
    };

    /// <summary>A Connect web panel.</summary>
    public static JsonObject WebPanel(string key, string location = "atl.jira.view.issue.right.context") => new()
    {
        ["key"] = key,
        ["location"] = location,
        ["url"] = "/" + key,
        ["name"] = new JsonObject { ["value"] = "Panel " + key },
    };
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>A fake Connect app installed into a fresh tenant, with a client signing as it.</summary>
public sealed class InstalledApp : IAsyncDisposable
{
    private InstalledApp(ServiceHost host, FakeConnectApp app, JsonObject tenant)
    {
        Host = host;
        App = app;
        Tenant = tenant;
    }

    public ServiceHost Host { get; }

    public FakeConnectApp App { get; }

    public JsonObject Tenant { get; }

    public string TenantKey => Tenant["key"]!.GetValue<string>();

    public string ClientKey => Tenant["clientKey"]!.GetValue<string>();

    public string TenantBaseUrl => Tenant["baseUrl"]!.GetValue<string>();

    public ConnectAppClient Client { get; private set; } = null!;

    public HttpClient Http => Client.Http;

    /// <summary>Installs a new fake app into <paramref name="tenant"/> (a new tenant when null).</summary>
    public static async Task<InstalledApp> CreateAsync(
        ServiceHost host, JsonObject? tenant = null, Action<FakeConnectApp>? configure = null, string? appKey = null)
    {
        tenant ??= await host.CreateTenantAsync();
        var app = await FakeConnectApp.StartAsync();
        app.KeyServer = host.BaseUrl;
        if (appKey is not null)
        {
            app.Key = appKey;
        }

        configure?.Invoke(app);
        var installed = new InstalledApp(host, app, tenant);
        (await installed.InstallAsync()).EnsureSuccessStatusCode();
        return installed;
    }

    /// <summary>(Re)installs from the app's current descriptor and refreshes the client's secret.</summary>
    public async Task<HttpResponseMessage> InstallAsync()
    {
        var response = await Host.Operator.PostAsJsonAsync(
            $"api/v1/tenants/{TenantKey}/apps", new { descriptorUrl = App.BaseUrl + "/atlassian-connect.json" });
        if (response.IsSuccessStatusCode)
        {
            Client = new ConnectAppClient(App.Key, App.SharedSecret, ClientKey, TenantBaseUrl);
        }

        return response;
    }

    public const string DynamicPath = "rest/atlassian-connect/1/app/module/dynamic";

    public const string ForgePath = "forge/installation/v2/dynamic/module";

    public static JsonObject WebItem(string key, string? name = null) => new()
    {
        ["key"] = key,
        ["location"] = "system.top.navigation.bar",
        ["url"] = "/items/" + key,
        ["name"] = new JsonObject { ["value"] = name ?? "Item " + key },
    };

    public static JsonObject WebItems(params string[] keys) => new() { ["webItems"] = new JsonArray([.. keys.Select(k => (JsonNode)WebItem(k))]) };

    public Task<HttpResponseMessage> RegisterAsync(JsonObject body) => Http.PostAsJsonAsync(DynamicPath, body);

    public async Task<JsonObject> ListAsync() => (await Http.GetFromJsonAsync<JsonObject>(DynamicPath))!;

    public async Task<string[]> ListKeysAsync() =>
        (await ListAsync()).SelectMany(type => type.Value!.AsArray().Select(m => m!["key"]!.GetValue<string>())).Order().ToArray();

    public async ValueTask DisposeAsync()
    {
        Client.Http.Dispose();
        await App.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// A service with fast delivery settings, one tenant and a fake app installed with the given modules: the
/// common setup of the event tests. Everything goes over HTTP.
/// </summary>
internal sealed class EventScenario : IAsyncDisposable
{
    /// <summary>Short delays so retries happen within a test; three attempts per cycle.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastDelivery = new Dictionary<string, string>
    {
        ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
        ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
        ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
        ["DynamicModules:Delivery:Timeout"] = "00:00:02",
        ["DynamicModules:Delivery:Lease"] = "00:00:10",
        ["DynamicModules:Delivery:MaxAttempts"] = "3",
    };

    private EventScenario(ServiceHost host, FakeConnectApp app, JsonObject tenant, string? postgres)
    {
        Host = host;
        App = app;
        TenantJson = tenant;
        Postgres = postgres;
    }

    public ServiceHost Host { get; private set; }

    public FakeConnectApp App { get; }

    public JsonObject TenantJson { get; }

    public string Tenant => TenantJson["key"]!.GetValue<string>();

    public string ClientKey => TenantJson["clientKey"]!.GetValue<string>();

    /// <summary>The PostgreSQL database of the host (to restart on it), or null on SQLite.</summary>
    public string? Postgres { get; }

    public static async Task<EventScenario> StartAsync(
        string engine, JsonObject modules, IDictionary<string, string>? settings = null, bool install = true)
    {
        var merged = new Dictionary<string, string>(FastDelivery);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var postgres = engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var host = await ServiceHost.StartAsync(engine, merged, postgresConnectionString: postgres);
        var app = await FakeConnectApp.StartAsync();
        app.KeyServer = host.BaseUrl;
        app.Modules = modules;
        var scenario = new EventScenario(host, app, await host.CreateTenantAsync(), postgres);
        if (install)
        {
            await scenario.InstallAsync();
        }

        return scenario;
    }

    public async Task InstallAsync(string? tenant = null)
    {
        var response = await Host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant ?? Tenant}/apps", new { descriptorUrl = App.BaseUrl + "/atlassian-connect.json" });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stops the service and starts a new one on the same data directory or database.</summary>
    public async Task RestartAsync(IDictionary<string, string>? settings = null)
    {
        var dataDirectory = Host.DataDirectory;
        var engine = Host.Engine;
        await Host.DisposeAsync();
        var merged = new Dictionary<string, string>(FastDelivery);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        Host = await ServiceHost.StartAsync(engine, merged, dataDirectory, Postgres);
        App.KeyServer = Host.BaseUrl;
    }

    /// <summary>A client signing app calls as the installed app (its current shared secret).</summary>
    public ConnectAppClient AppClient() =>
        new(App.Key, App.SharedSecret, ClientKey, TenantJson["baseUrl"]!.GetValue<string>());

    public Task<HttpResponseMessage> PublishAsync(object body, string? tenant = null) =>
        Host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant ?? Tenant}/events", body);

    /// <summary>Publishes and expects 202; returns the answer.</summary>
    public async Task<JsonObject> PublishOkAsync(string type, JsonObject payload, object? actor = null, string? id = null, string? tenant = null)
    {
        var body = new JsonObject { ["id"] = id ?? Guid.NewGuid().ToString(), ["type"] = type, ["payload"] = payload };
        if (actor is not null)
        {
            body["actor"] = System.Text.Json.JsonSerializer.SerializeToNode(actor);
        }

        var response = await PublishAsync(body, tenant);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(202, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonArray> DeliveriesAsync(string query = "", string? tenant = null)
    {
        var page = await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant ?? Tenant}/deliveries{query}");
        return page!["deliveries"]!.AsArray();
    }

    /// <summary>Waits until the app has received at least <paramref name="count"/> POSTs at <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(string path, int count, int timeoutSeconds = 15)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            var received = App.ReceivedAt(path).ToList();
            if (received.Count >= count)
            {
                return received;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Expected {count} requests at {path}, got {App.ReceivedAt(path).Count()}.");
    }

    /// <summary>Waits until every delivery of the tenant has left pending and the log has <paramref name="count"/> deliveries; returns them.</summary>
    public async Task<JsonArray> WaitForSettledAsync(int count, int timeoutSeconds = 15, string? tenant = null)
    {
        var watch = Stopwatch.StartNew();
        JsonArray deliveries = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            deliveries = await DeliveriesAsync(tenant: tenant);
            if (deliveries.Count >= count && deliveries.All(d => d!["status"]!.GetValue<string>() != "pending"))
            {
                return deliveries;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Deliveries did not settle: {deliveries.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>A Jira issue payload (Bug in project PROJ unless told otherwise).</summary>
    public static JsonObject IssuePayload(string project = "PROJ", string issueType = "Bug", string key = "PROJ-1") => new()
    {
        ["issue"] = new JsonObject
        {
            ["id"] = "10001",
            ["key"] = key,
            ["fields"] = new JsonObject
            {
                ["summary"] = "Something broke",
                ["issuetype"] = new JsonObject { ["name"] = issueType },
                ["project"] = new JsonObject { ["key"] = project, ["name"] = project + " project" },
                ["labels"] = new JsonArray("customer"),
            },
        },
    };

    /// <summary>A Connect webhook module.</summary>
    public static JsonObject Webhook(string key, string connectEvent, string url, string? jql = null, bool excludeBody = false)
    {
        var module = new JsonObject { ["key"] = key, ["event"] = connectEvent, ["url"] = url };
        if (jql is not null)
        {
            module["filter"] = jql;
        }

        if (excludeBody)
        {
            module["excludeBody"] = true;
        }

        return module;
    }

    /// <summary>A Forge trigger module delivering to function <paramref name="function"/>.</summary>
    public static JsonObject Trigger(string key, string function, string forgeEvent, JsonObject? filter = null)
    {
        var module = new JsonObject { ["key"] = key, ["function"] = function, ["events"] = new JsonArray(forgeEvent) };
        if (filter is not null)
        {
            module["filter"] = filter;
        }

        return module;
    }

    /// <summary>Functions with app-relative URLs /functions/{key}.</summary>
    public static JsonArray Functions(params string[] keys) =>
        [.. keys.Select(key => (JsonNode)new JsonObject { ["key"] = key, ["url"] = "/functions/" + key })];
}

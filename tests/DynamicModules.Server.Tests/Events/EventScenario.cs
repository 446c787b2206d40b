using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// A service with fast delivery settings, one tenant and a fake app installed with the given modules: the
/// common setup of the event tests. Everything goes over HTTP. The service runs on a fake clock that only the
/// test moves: waits end on the worker reporting idle (nothing due, nothing in flight), and retries come due when
/// the test moves the clock to them, so no test sleeps and none depends on the machine's speed.
/// </summary>
internal sealed class EventScenario : IAsyncDisposable
{
    /// <summary>How long a wait for the worker may take before the test fails instead of hanging (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>Short delays so retries need little clock movement; three attempts per cycle.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastDelivery = new Dictionary<string, string>
    {
        ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
        ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
        ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
        ["DynamicModules:Delivery:Timeout"] = "00:00:02",
        ["DynamicModules:Delivery:Lease"] = "00:00:10",
        ["DynamicModules:Delivery:MaxAttempts"] = "3",
    };

    private EventScenario(ServiceHost host, FakeConnectApp app, JsonObject tenant, string? postgres, FakeTimeProvider? clock)
    {
        Host = host;
        App = app;
        TenantJson = tenant;
        Postgres = postgres;
        Clock = clock;
    }

    public ServiceHost Host { get; private set; }

    /// <summary>The service's clock, or null when the scenario runs on real time.</summary>
    public FakeTimeProvider? Clock { get; }

    /// <summary>Other nodes on the same database; waits for idle include them.</summary>
    public List<ServiceHost> OtherNodes { get; } = [];

    public FakeConnectApp App { get; }

    public JsonObject TenantJson { get; }

    public string Tenant => TenantJson["key"]!.GetValue<string>();

    public string ClientKey => TenantJson["clientKey"]!.GetValue<string>();

    /// <summary>The PostgreSQL database of the host (to restart on it), or null on SQLite.</summary>
    public string? Postgres { get; }

    /// <summary>
    /// Starts the scenario; <paramref name="realTime"/> runs the service on the system clock (for tests of timeouts),
    /// <paramref name="configure"/> adds to the service's set-up (<see cref="ServiceHost.StartAsync"/>).
    /// </summary>
    public static async Task<EventScenario> StartAsync(
        string engine, JsonObject modules, IDictionary<string, string>? settings = null, bool install = true, bool realTime = false,
        Action<WebApplicationBuilder>? configure = null)
    {
        var merged = new Dictionary<string, string>(FastDelivery);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var postgres = engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var clock = realTime ? null : new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await ServiceHost.StartAsync(engine, merged, postgresConnectionString: postgres, clock: clock, configure: configure);
        var app = await FakeConnectApp.StartAsync();
        app.KeyServer = host.BaseUrl;
        app.Modules = modules;
        var scenario = new EventScenario(host, app, await host.CreateTenantAsync(), postgres, clock);
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

        Host = await ServiceHost.StartAsync(engine, merged, dataDirectory, Postgres, Clock);
        App.KeyServer = Host.BaseUrl;
    }

    /// <summary>Starts another node on the same PostgreSQL database and clock.</summary>
    public async Task<ServiceHost> StartOtherNodeAsync()
    {
        var node = await ServiceHost.StartAsync(Host.Engine, new Dictionary<string, string>(FastDelivery), postgresConnectionString: Postgres, clock: Clock);
        OtherNodes.Add(node);
        return node;
    }

    /// <summary>Waits until every node's delivery worker has found nothing due with nothing in flight.</summary>
    public async Task IdleAsync()
    {
        foreach (var node in OtherNodes.Prepend(Host))
        {
            await node.App.Services.GetRequiredService<DeliveryDispatcher>().WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Guard);
        }
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

    /// <summary>Lets delivery run until the app has received at least <paramref name="count"/> POSTs at <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(string path, int count)
    {
        await RunUntilAsync(_ => App.ReceivedAt(path).Count() >= count, $"{count} requests at {path}");
        return App.ReceivedAt(path).ToList();
    }

    /// <summary>Lets delivery run until the tenant has <paramref name="count"/> deliveries and none is pending; returns them.</summary>
    public Task<JsonArray> WaitForSettledAsync(int count, string? tenant = null) =>
        RunUntilAsync(deliveries => deliveries.Count >= count && !deliveries.Any(IsPending), $"{count} settled deliveries", tenant);

    /// <summary>
    /// Waits for the worker to be idle, then checks <paramref name="done"/>; while it is not, moves the fake clock to the
    /// earliest pending retry (on real time: waits a poll interval) and repeats.
    /// </summary>
    private async Task<JsonArray> RunUntilAsync(Func<JsonArray, bool> done, string goal, string? tenant = null)
    {
        var pollInterval = TimeSpan.Parse(FastDelivery["DynamicModules:Delivery:PollInterval"], CultureInfo.InvariantCulture);
        for (var step = 0; step < 1_000; step++)
        {
            await IdleAsync();
            var deliveries = await DeliveriesAsync("?limit=500", tenant);
            if (done(deliveries))
            {
                return deliveries;
            }

            var pending = deliveries.Where(IsPending).ToList();
            if (pending.Count == 0)
            {
                throw new InvalidOperationException($"Waiting for {goal}, but nothing is pending: {deliveries.ToJsonString()}");
            }

            if (Clock is null)
            {
                await Task.Delay(pollInterval);
                continue;
            }

            var next = pending.Min(delivery => DateTimeOffset.Parse(delivery!["nextAttemptAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            // A pending delivery that is due yet idle is held by a claim (another node's, or one a failed attempt left behind).
            Clock.SetUtcNow(next > Clock.GetUtcNow() ? next : Clock.GetUtcNow() + pollInterval);
        }

        throw new TimeoutException($"Waiting for {goal}: still not reached after 1,000 steps.");
    }

    private static bool IsPending(JsonNode? delivery) => delivery!["status"]!.GetValue<string>() == DeliveryStatuses.Pending;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        foreach (var node in OtherNodes)
        {
            await node.DisposeAsync();
        }

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

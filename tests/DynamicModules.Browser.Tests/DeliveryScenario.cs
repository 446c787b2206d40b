using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Browser.Tests;

/// <summary>
/// A service on a fake clock with one tenant and a real receiver app whose four webhook targets answer differently: /hooks/ok
/// always 200, /hooks/flaky 500 twice then 200 (retried), /hooks/down 503 until the delivery dies, /hooks/gone 410 (failed, not
/// retried). Plus a dynamic trigger and web item, so the modules page and the quota chart have something to show. Retries come due
/// when the scenario moves the clock; nothing sleeps.
/// </summary>
public sealed class DeliveryScenario : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private int _flakyCalls;

    private DeliveryScenario(ServiceHost host, FakeConnectApp app, FakeTimeProvider clock, string tenant)
    {
        Host = host;
        App = app;
        Clock = clock;
        Tenant = tenant;
        app.DeliveryStatus = request => request.Path switch
        {
            "/hooks/flaky" => Interlocked.Increment(ref _flakyCalls) % 3 == 0 ? 200 : 500,
            "/hooks/down" => 503,
            "/hooks/gone" => 410,
            _ => 200,
        };
    }

    public ServiceHost Host { get; }

    public FakeConnectApp App { get; }

    public FakeTimeProvider Clock { get; }

    public string Tenant { get; }

    /// <summary>Deliveries each published event makes (one per webhook).</summary>
    public const int DeliveriesPerEvent = 4;

    public static async Task<DeliveryScenario> StartAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await ServiceHost.StartAsync(clock: clock, settings: new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
            ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
            ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
            ["DynamicModules:Delivery:Timeout"] = "00:00:02",
            ["DynamicModules:Delivery:Lease"] = "00:00:10",
            ["DynamicModules:Delivery:MaxAttempts"] = "3",
        });
        var app = await FakeConnectApp.StartAsync();
        app.KeyServer = host.BaseUrl;
        app.Modules = new JsonObject
        {
            ["webhooks"] = new JsonArray(
                Webhook("hook-ok", "/hooks/ok"), Webhook("hook-flaky", "/hooks/flaky"), Webhook("hook-down", "/hooks/down"), Webhook("hook-gone", "/hooks/gone")),
            ["function"] = new JsonArray(new JsonObject { ["key"] = "assign", ["url"] = "/functions/assign" }),
        };
        var tenant = (await host.CreateTenantAsync())["key"]!.GetValue<string>();
        var scenario = new DeliveryScenario(host, app, clock, tenant);
        (await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptorUrl = app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}/apps/{app.Key}/quota", new { limit = 3 })).EnsureSuccessStatusCode();
        await DynamicModuleSeeder.RegisterConnectAsync(host, tenant, app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-item")),
            ["trigger"] = new JsonArray(new JsonObject
            {
                ["key"] = "dyn-assign",
                ["function"] = "assign",
                ["events"] = new JsonArray("avi:jira:updated:issue"),
                ["filter"] = new JsonObject { ["expression"] = "event.issue.fields.priority.name == 'High'" },
            }),
        });
        return scenario;
    }

    private static JsonObject Webhook(string key, string url) => new() { ["key"] = key, ["event"] = "jira:issue_created", ["url"] = url };

    /// <summary>Publishes <paramref name="events"/> issue-created events, one an hour apart on the service clock, each settled before the next.</summary>
    public async Task PublishHourlyAsync(int events)
    {
        for (var i = 0; i < events; i++)
        {
            if (i > 0)
            {
                Clock.Advance(TimeSpan.FromHours(1));
            }

            var response = await Host.Operator.PostAsJsonAsync($"api/v1/tenants/{Tenant}/events", new
            {
                id = Guid.NewGuid().ToString(),
                type = "avi:jira:created:issue",
                payload = new { issue = new { id = "1000" + i, key = $"PROJ-{i + 1}", fields = new { summary = "Checkout fails" } } },
            });
            ((int)response.StatusCode).ShouldBe(202, await response.Content.ReadAsStringAsync());
            await SettleAsync((i + 1) * DeliveriesPerEvent);
        }
    }

    /// <summary>
    /// Lets delivery run until the tenant has <paramref name="count"/> deliveries and none is pending: waits for the worker to be
    /// idle, then moves the clock to the earliest pending retry, and again.
    /// </summary>
    public async Task<JsonArray> SettleAsync(int count)
    {
        var dispatcher = Host.App.Services.GetRequiredService<DeliveryDispatcher>();
        for (var step = 0; step < 1_000; step++)
        {
            await dispatcher.WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Guard);
            var deliveries = (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{Tenant}/deliveries?limit=500"))!["deliveries"]!.AsArray();
            var pending = deliveries.Where(d => d!["status"]!.GetValue<string>() == DeliveryStatuses.Pending).ToList();
            if (deliveries.Count >= count && pending.Count == 0)
            {
                return deliveries;
            }

            if (pending.Count == 0)
            {
                throw new InvalidOperationException($"Waiting for {count} settled deliveries, but nothing is pending: {deliveries.ToJsonString()}");
            }

            var next = pending.Min(d => DateTimeOffset.Parse(d!["nextAttemptAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            Clock.SetUtcNow(next > Clock.GetUtcNow() ? next : Clock.GetUtcNow() + PollInterval);
        }

        throw new TimeoutException($"{count} deliveries did not settle in 1,000 steps.");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Host.DisposeAsync();
    }
}

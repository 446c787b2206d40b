using System.Text.Json.Nodes;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests.Infrastructure;

/// <summary>
/// The real service on a random loopback port (one engine) with a fake Connect app that subscribes to issue events,
/// and the CLI pointed at it through DYNMOD_URL and DYNMOD_OPERATOR_KEY. The service keeps the system clock: the CLI's
/// <c>--since</c> is relative to the machine's time, so a fake service clock would put every delivery outside it.
/// </summary>
public sealed class CliService : IAsyncDisposable
{
    /// <summary>How long a wait for the delivery worker may take before the test fails (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private CliService(ServiceHost host, FakeConnectApp app)
    {
        Host = host;
        App = app;
        Environment = new Dictionary<string, string?>
        {
            ["DYNMOD_URL"] = host.BaseUrl,
            ["DYNMOD_OPERATOR_KEY"] = ServiceHost.OperatorKey,
        };
    }

    public ServiceHost Host { get; }

    /// <summary>An app with a static webhook on issue creation (<c>/hooks/created</c>), not installed yet.</summary>
    public FakeConnectApp App { get; }

    /// <summary>DYNMOD_URL and DYNMOD_OPERATOR_KEY for this service.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public string DescriptorUrl => App.BaseUrl + "/atlassian-connect.json";

    public static async Task<CliService> StartAsync(string engine)
    {
        var host = await ServiceHost.StartAsync(engine, new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
            ["DynamicModules:Delivery:MaxAttempts"] = "1",
        });
        var app = await FakeConnectApp.StartAsync();
        app.KeyServer = host.BaseUrl;
        app.Modules = new JsonObject
        {
            ["webhooks"] = new JsonArray(new JsonObject { ["key"] = "on-created", ["event"] = "jira:issue_created", ["url"] = "/hooks/created" }),
            ["webItems"] = new JsonArray(new JsonObject
            {
                ["key"] = "static-item",
                ["location"] = "system.top.navigation.bar",
                ["url"] = "/static-item",
                ["name"] = new JsonObject { ["value"] = "Static item" },
            }),
        };
        return new CliService(host, app);
    }

    /// <summary>Runs <c>dynmod <paramref name="args"/></c> against this service.</summary>
    public Task<CliResult> RunAsync(params string[] args) => DynmodProcess.RunAsync(args, Environment);

    /// <summary>Runs <c>dynmod</c> with stdin.</summary>
    public Task<CliResult> RunWithStdinAsync(string stdin, params string[] args) => DynmodProcess.RunAsync(args, Environment, stdin: stdin);

    /// <summary>A unique tenant key.</summary>
    public static string NewTenantKey() => "cli-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>An issue-created event with a fresh id.</summary>
    public static JsonObject IssueCreated(string? id = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid().ToString(),
        ["type"] = "avi:jira:created:issue",
        ["payload"] = new JsonObject
        {
            ["issue"] = new JsonObject
            {
                ["id"] = "10001",
                ["key"] = "PROJ-1",
                ["fields"] = new JsonObject { ["summary"] = "Broken", ["project"] = new JsonObject { ["key"] = "PROJ" } },
            },
        },
    };

    /// <summary>Waits until the delivery worker has nothing due and nothing in flight.</summary>
    public Task DeliveriesIdleAsync() =>
        Host.App.Services.GetRequiredService<DeliveryDispatcher>().WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Guard);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Host.DisposeAsync();
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// The real service on a random loopback port, with its own data directory and database. Tests talk to
/// it over HTTP like any client; nothing is mocked and no auth is bypassed.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    // Only a directory this class made up is cleaned up: callers that pass one manage it themselves.
    private readonly bool _ownsDataDirectory;

    private ServiceHost(WebApplication app, string dataDirectory, string engine, bool ownsDataDirectory)
    {
        _ownsDataDirectory = ownsDataDirectory;
        App = app;
        DataDirectory = dataDirectory;
        Engine = engine;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        // Every answer a test receives is also checked against the service's own OpenAPI document.
        Operator = new HttpClient(new DocumentedResponses(BaseUrl)) { BaseAddress = new Uri(BaseUrl + "/") };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        Anonymous = new HttpClient(new DocumentedResponses(BaseUrl)) { BaseAddress = new Uri(BaseUrl + "/") };
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public string Engine { get; }

    public string BaseUrl { get; }

    /// <summary>A client carrying the operator key.</summary>
    public HttpClient Operator { get; }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>
    /// Starts the service on <paramref name="engine"/> (sqlite or postgres); with <paramref name="clock"/> (a FakeTimeProvider)
    /// the service's clock and timers are the test's instead of the system's; <paramref name="configure"/> adds to the service's
    /// own set-up (an in-memory trace exporter, a recording logger), never replacing any of it.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(
        string engine = "sqlite", IDictionary<string, string>? settings = null, string? dataDirectory = null, string? postgresConnectionString = null,
        TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "dm-tests", Guid.NewGuid().ToString("N"));
        if (ownsDataDirectory)
        {
            TestFolders.Track(dataDirectory);
        }

        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--DynamicModules:DataDirectory={dataDirectory}",
            $"--DynamicModules:OperatorKey={OperatorKey}",
            $"--DynamicModules:Storage={engine}",
            "--Logging:LogLevel:Default=Warning",
            // No file watchers: hundreds of hosts per run would use up the user's inotify instances.
            "--hostBuilder:reloadConfigOnChange=false",
        };
        if (engine == "postgres")
        {
            postgresConnectionString ??= await TestDatabases.CreatePostgresDatabaseAsync();
            args.Add($"--ConnectionStrings:Postgres={postgresConnectionString}");
            // Nodes sharing PostgreSQL share their secret keys, as in production (README, Secrets and keys).
            if (settings?.ContainsKey("DynamicModules:SecretKeys") != true)
            {
                args.Add($"--DynamicModules:SecretKeys={TestSecretKeys.Shared}");
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--{key}={value}");
        }

        WebApplication? app = null;
        try
        {
            app = await Program.BuildAsync([.. args], builder =>
            {
                if (clock is not null)
                {
                    builder.Services.RemoveAll<TimeProvider>();
                    builder.Services.AddSingleton(clock);
                }

                configure?.Invoke(builder);
            });
            await app.StartAsync();
            return new ServiceHost(app, dataDirectory, engine, ownsDataDirectory);
        }
        catch
        {
            // Tests that expect start-up to fail never get a host to dispose, so clean up here.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (ownsDataDirectory)
            {
                await TestFolders.DeleteAsync(dataDirectory);
            }

            throw;
        }
    }

    /// <summary>Creates a tenant with a unique key and returns its JSON.</summary>
    public async Task<JsonObject> CreateTenantAsync(string? key = null, string productType = "jira", object? extra = null)
    {
        key ??= "t-" + Guid.NewGuid().ToString("N")[..12];
        var body = new JsonObject { ["productType"] = productType, ["displayName"] = "Tenant " + key };
        if (extra is not null)
        {
            foreach (var (name, value) in JsonSerializerToObject(extra))
            {
                body[name] = value?.DeepClone();
            }
        }

        var response = await Operator.PutAsJsonAsync($"api/v1/tenants/{key}", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static JsonObject JsonSerializerToObject(object value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDataDirectory)
        {
            // Not deleted yet: a restart may start the next host on this directory (EventScenario does).
            TestFolders.Release(DataDirectory);
        }
    }
}

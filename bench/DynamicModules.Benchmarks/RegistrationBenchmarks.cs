using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using DynamicModules.Installations;
using DynamicModules.Registration;
using DynamicModules.Server.Hosting;
using DynamicModules.Storage;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicModules.Benchmarks;

/// <summary>
/// One 10-module Connect batch (<c>POST .../app/module/dynamic</c>, as the app sends it) on SQLite, through the real path,
/// <see cref="ModuleRegistry.RegisterConnectAsync"/>: policy, validation against the stored descriptor, the tenant's write
/// (lock, duplicate and quota checks, the inserts, audit record, module change, commit, notify after commit). The baseline is
/// the bare minimum a registration must write: the same 10 <c>dynamic_modules</c> rows inserted in one transaction. The service
/// is the server's own container (built, not listening); each call goes to the next of <see cref="Tenants"/> tenants, so every
/// app holds a realistic number of modules rather than one app growing without end: an iteration is <see cref="CallsPerIteration"/>
/// calls (up to 50 modules per app, half the default quota of 100), and the modules are deleted after each iteration, since the
/// registry's duplicate and quota checks cost more as an app holds more (bench runs of thousands of iterations would otherwise
/// measure apps of thousands of modules, which no app reaches without its operator raising the quota tenfold).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(CallsPerIteration)]
public class RegistrationBenchmarks
{
    private const int BatchSize = 10;

    /// <summary>Calls per iteration: 5 per tenant of <see cref="Tenants"/>, so an app ends an iteration with 50 modules.</summary>
    private const int CallsPerIteration = 1_000;

    private WebApplication app = null!;
    private Database database = null!;
    private ModuleRegistry registry = null!;
    private AppCall[] calls = null!;
    private string dataDirectory = null!;
    private int next;

    /// <summary>Tenants the calls go round (one app installed in each).</summary>
    [Params(200)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        dataDirectory = Directory.CreateTempSubdirectory("registration-bench-").FullName;
        app = await global::Program.BuildAsync([
            $"--DynamicModules:DataDirectory={dataDirectory}", "--DynamicModules:OperatorKey=registration-bench-key",
            "--Logging:LogLevel:Default=Warning",
        ]);
        database = app.Services.GetRequiredService<Database>();
        registry = app.Services.GetRequiredService<ModuleRegistry>();
        var setup = app.Services.GetRequiredService<TenantSetup>();
        var installations = app.Services.GetRequiredService<InstallationStore>();
        const string Descriptor =
            """{"key":"bench-app","name":"Benchmark app","baseUrl":"https://bench-app.example.com","authentication":{"type":"jwt"},"lifecycle":{"installed":"/installed"},"scopes":["READ"],"modules":{}}""";
        calls = new AppCall[Tenants];
        for (var t = 0; t < Tenants; t++)
        {
            // A per-app limit far above what a run registers, so no call is refused for quota.
            var (tenant, _) = await setup.SaveAsync(
                $"bench-{t:D4}", new TenantSettings("jira", $"Tenant {t}", 100_000, null, false, null, null), 100_000, CancellationToken.None);
            await using var scope = await database.BeginWriteAsync(CancellationToken.None);
            var installation = await installations.SaveInstalledAsync(scope, tenant.Id, "bench-app", "bench-shared-secret", Descriptor, "{}",
                CancellationToken.None, signingSecret: "whsec_YmVuY2gtc2lnbmluZy1zZWNyZXQ=");
            await scope.CommitAsync(CancellationToken.None);
            calls[t] = new AppCall(tenant, installation, null);
        }
    }

    /// <summary>Every app back to no modules (outside the measured time), for both methods alike.</summary>
    [IterationCleanup]
    public void EmptyTheApps() => EmptyTheAppsAsync().GetAwaiter().GetResult();

    private async Task EmptyTheAppsAsync()
    {
        await using var scope = await database.BeginWriteAsync(CancellationToken.None);
        await scope.ExecuteAsync("DELETE FROM dynamic_modules", null, CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Benchmark(Description = "ModuleRegistry.RegisterConnectAsync (10 modules)")]
    public async Task<RegistrationOutcome> Registry()
    {
        var n = next++;
        var call = calls[n % calls.Length];
        var outcome = await registry.RegisterConnectAsync(call, Batch(n), CancellationToken.None);
        return outcome as RegistrationOutcome.Accepted ?? throw new InvalidOperationException($"Not accepted: {outcome}");
    }

    [Benchmark(Baseline = true, Description = "bare: the same 10 inserts in one transaction")]
    public async Task<long> BareInserts()
    {
        var n = next++;
        var call = calls[n % calls.Length];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = Batch(n)["webItems"]!.AsArray();
        await using var scope = await database.BeginWriteAsync(CancellationToken.None);
        long last = 0;
        foreach (var module in batch)
        {
            last = await scope.ExecuteScalarAsync<long>(
                """
                INSERT INTO dynamic_modules (tenant_id, installation_id, module_key, module_type, dialect, definition, created_by, created_at, updated_at)
                VALUES (@tenantId, @installationId, @key, 'webItems', 'connect', @definition, 'app', @now, @now)
                RETURNING id
                """,
                new { tenantId = call.Tenant.Id, installationId = call.Installation.Id, key = module!["key"]!.GetValue<string>(), definition = module.ToJsonString(), now },
                CancellationToken.None);
        }

        await scope.CommitAsync(CancellationToken.None);
        return last;
    }

    /// <summary>Ten web items with keys unique to call <paramref name="n"/>, as an app sends them.</summary>
    private static JsonObject Batch(int n) => new()
    {
        ["webItems"] = new JsonArray([.. Enumerable.Range(0, BatchSize).Select(i => (JsonNode)new JsonObject
        {
            ["key"] = $"item-{n:D7}-{i}",
            ["location"] = "system.top.navigation.bar",
            ["url"] = $"/items/{n}/{i}",
            ["name"] = new JsonObject { ["value"] = $"Item {n}.{i}" },
        })]),
    };
}

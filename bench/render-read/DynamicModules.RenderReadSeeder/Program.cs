// Seeds a SQLite data directory for the render-time read benchmark: N tenants, each with one enabled app holding
// M dynamic modules. Writes rows with plain SQL in one transaction (100k modules take seconds; 100k HTTP
// registrations would take minutes), through the same migrations the server runs, so the server opens it as its own.
// Usage: dotnet run -c Release --project bench/render-read/DynamicModules.RenderReadSeeder -- <data-dir> [tenants] [modules]
using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Storage;

var dataDirectory = args.Length > 0 ? args[0] : throw new ArgumentException("Give the data directory.");
var tenantCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
var modulesPerTenant = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100;
Directory.CreateDirectory(dataDirectory);
var path = Path.Combine(dataDirectory, "dynamic-modules.db");
if (File.Exists(path))
{
    throw new InvalidOperationException($"{path} exists; seed into an empty directory.");
}

await using var database = Database.ForSqlite(path);
await MigrationRunner.ApplyAsync(database, CancellationToken.None);

const string AppKey = "bench-app";
var descriptor = new JsonObject
{
    ["key"] = AppKey,
    ["name"] = "Benchmark app",
    ["baseUrl"] = "https://bench-app.example.com",
    ["authentication"] = new JsonObject { ["type"] = "jwt" },
    // A JWT app must name its installed callback, or its descriptor no longer parses when the read loads it.
    ["lifecycle"] = new JsonObject { ["installed"] = "/installed" },
    ["scopes"] = new JsonArray("READ"),
    ["modules"] = new JsonObject(),
}.ToJsonString();
var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
var started = System.Diagnostics.Stopwatch.StartNew();

await using (var scope = await database.BeginWriteAsync(CancellationToken.None))
{
    await scope.ExecuteAsync("INSERT INTO apps (app_key, created_at) VALUES (@AppKey, @now)", new { AppKey, now }, CancellationToken.None);
    for (var t = 0; t < tenantCount; t++)
    {
        var tenantKey = $"bench-{t:D4}";
        var tenantId = await scope.ExecuteScalarAsync<long>(
            """
            INSERT INTO tenants (tenant_key, client_key, product_type, display_name, per_app_limit, tenant_limit,
                                 registration_policy, allow_as_app, module_version, created_at, updated_at)
            VALUES (@tenantKey, @clientKey, 'jira', @tenantKey, @limit, NULL, 'any', 1, 1, @now, @now) RETURNING id
            """,
            new { tenantKey, clientKey = Guid.NewGuid().ToString(), limit = (long)modulesPerTenant, now }, CancellationToken.None);
        var installationId = await scope.ExecuteScalarAsync<long>(
            """
            INSERT INTO installations (tenant_id, app_id, state, shared_secret, signing_secret, quota_limit, descriptor_version, created_at, updated_at)
            VALUES (@tenantId, 1, 'enabled', 'bench-secret', 'whsec_bench', NULL, 1, @now, @now) RETURNING id
            """,
            new { tenantId, now }, CancellationToken.None);
        await scope.ExecuteAsync(
            "INSERT INTO descriptor_versions (installation_id, version, descriptor, translations, created_at) VALUES (@installationId, 1, @descriptor, '{}', @now)",
            new { installationId, descriptor, now }, CancellationToken.None);
        var modules = Enumerable.Range(0, modulesPerTenant).Select(m => new
        {
            tenantId,
            installationId,
            key = $"item-{m:D3}",
            type = m % 4 == 3 ? "webPanels" : "webItems",
            definition = Definition(m),
            now,
        });
        await scope.ExecuteAsync(
            """
            INSERT INTO dynamic_modules (tenant_id, installation_id, module_key, module_type, dialect, definition, created_by, created_at, updated_at)
            VALUES (@tenantId, @installationId, @key, @type, 'connect', @definition, 'app', @now, @now)
            """,
            modules, CancellationToken.None);
        // The viewer of the benchmark's read with a viewing context: a developer (see Definition's visibility).
        await scope.ExecuteAsync(
            "INSERT INTO tenant_users (tenant_id, account_id, roles, updated_at) VALUES (@tenantId, 'bench-user', '[\"developers\"]', @now)",
            new { tenantId, now }, CancellationToken.None);
        await scope.ExecuteAsync(
            "INSERT INTO module_changes (tenant_id, version, app_key, operation, module_keys, created_at) VALUES (@tenantId, 1, @AppKey, 'module.register', '[]', @now)",
            new { tenantId, AppKey, now }, CancellationToken.None);
    }

    await scope.CommitAsync(CancellationToken.None);
}

Console.WriteLine($"Seeded {tenantCount} tenants x {modulesPerTenant} dynamic modules into {path} in {started.Elapsed.TotalSeconds:F1} s.");

// A realistic web item or panel: location, url with context parameters, i18n-resolved name, tooltip, conditions; and,
// for the read with a viewing context, visibility by project or role on some and a jira_expression condition on others.
static string Definition(int m) => WithVisibility(m, m % 4 == 3
    ? new JsonObject
    {
        ["key"] = $"item-{m:D3}",
        ["location"] = "atl.jira.view.issue.right.context",
        ["url"] = $"/panels/{m}?issueKey={{issue.key}}&projectKey={{project.key}}",
        ["name"] = new JsonObject { ["value"] = $"Panel number {m}" },
        ["weight"] = m,
        ["conditions"] = new JsonArray(new JsonObject { ["condition"] = "user_is_logged_in" }),
    }
    : new JsonObject
    {
        ["key"] = $"item-{m:D3}",
        ["location"] = m % 2 == 0 ? "system.top.navigation.bar" : "jira.issue.tools",
        ["url"] = $"/items/{m}?issueKey={{issue.key}}",
        ["name"] = new JsonObject { ["value"] = $"Menu item number {m}" },
        ["tooltip"] = new JsonObject { ["value"] = "Opens the benchmark app" },
        ["weight"] = m,
        ["context"] = "addon",
    }).ToJsonString();

static JsonObject WithVisibility(int m, JsonObject definition)
{
    switch (m % 5)
    {
        case 1:
            definition["visibility"] = new JsonObject { ["projects"] = new JsonArray("BENCH", "OTHER") };
            break;
        case 2:
            definition["visibility"] = new JsonObject { ["roles"] = new JsonArray(m % 2 == 0 ? "developers" : "testers") };
            break;
        case 4 when m % 4 != 3:
            definition["conditions"] = new JsonArray(new JsonObject
            {
                ["condition"] = "jira_expression",
                ["params"] = new JsonObject { ["expression"] = $"project != null && project.key.length > {m % 7}" },
            });
            break;
    }

    return definition;
}

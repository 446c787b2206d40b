using System.Text.Json.Nodes;
using DynamicModules.Audit;
using DynamicModules.Changes;
using DynamicModules.Filters;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Registration;
using DynamicModules.Modules.Store;
using DynamicModules.Storage;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// Registers dynamic modules through the real registry inside the running service (same validation, transaction,
/// audit and commit notification as the app-facing API), for tests of features that read modules.
/// </summary>
public static class DynamicModuleSeeder
{
    /// <summary>Registers a Connect batch for an installed app; fails the test unless it is accepted.</summary>
    public static async Task RegisterConnectAsync(ServiceHost host, string tenantKey, string appKey, JsonObject modules)
    {
        var services = host.App.Services;
        var tenant = (await services.GetRequiredService<TenantStore>().FindAsync(tenantKey, CancellationToken.None))!;
        var installation = (await services.GetRequiredService<InstallationStore>().FindAsync(tenant.Id, appKey, CancellationToken.None))!;
        var registry = new ModuleRegistry(
            services.GetRequiredService<Database>(),
            services.GetRequiredService<DynamicModuleStore>(),
            services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<ModuleChangeLog>(),
            services.GetRequiredService<TenantUserStore>(),
            services.GetRequiredService<FilterCache>(),
            ModuleRequestValidator.Default);
        var outcome = await registry.RegisterConnectAsync(new AppCall(tenant, installation, null), modules, CancellationToken.None);
        outcome.ShouldBeOfType<RegistrationOutcome.Accepted>(outcome.ToString());
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

using DynamicModules.Configuration;
using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Modules.Admin;
using DynamicModules.Server.Modules.Connect;
using DynamicModules.Server.Modules.Forge;
using DynamicModules.Server.Modules.Read;
using DynamicModules.Server.Modules.Visibility;
using DynamicModules.Server.Requests;
using DynamicModules.Visibility;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Modules;

/// <summary>Dynamic modules: the Connect and Forge registration APIs, the quota, the render-time read, module admin and visibility overrides.</summary>
public static class ModulesFeature
{
    /// <summary>Registers the module store, the catalog validator, the registry and the render-time read.</summary>
    public static IServiceCollection AddModules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DynamicModuleStore>();
        services.AddSingleton<ModuleUsageStore>();
        services.AddSingleton(_ => new FilterCache());
        services.AddSingleton(provider => new ModuleRequestValidator(
            ModuleCatalog.Default,
            new DynamicModuleTypePolicy(provider.GetRequiredService<IOptions<DynamicModulesOptions>>().Value.DynamicTypes),
            provider.GetRequiredService<EventCatalog>()));
        services.AddSingleton<ModuleRegistry>();
        services.AddSingleton<VisibilityOverrides>();
        services.AddModuleRead(configuration);
        services.AddJsonContext(ModulesJson.Default);
        services.AddJsonContext(ModuleVisibilityJson.Default);
        return services;
    }

    /// <summary>Maps the app-facing Connect, Forge and quota routes, and the operator's module read and admin routes.</summary>
    public static ApiRoutes MapModules(this ApiRoutes routes)
    {
        foreach (var app in routes.AppBases)
        {
            app.MapConnectModuleEndpoints().MapForgeModuleEndpoints().MapQuotaEndpoints();
        }

        routes.Tenant.MapModuleReadEndpoints().MapModuleAdminEndpoints().MapModuleVisibilityEndpoints();
        routes.MapModuleReadBenchmark();
        return routes;
    }
}

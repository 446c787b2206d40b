using DynamicModules.Configuration;
using DynamicModules.Server.Hosting;
using DynamicModules.Visibility;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Modules.Read;

/// <summary>Registers and maps the render-time module read and the change feed.</summary>
public static class ModuleReadFeature
{
    /// <summary>Registers the snapshot cache, its invalidator and the change signal; binds <see cref="ModuleReadOptions"/>.</summary>
    public static IServiceCollection AddModuleRead(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModuleReadOptions>()
            .Bind(configuration.GetSection(ModuleReadOptions.Section))
            .Validate(o => o.MaxCachedTenants >= 1 && o.MaxCachedQueriesPerTenant >= 0, "MaxCachedTenants must be at least 1.")
            .Validate(o => o.MaxCachedContextsPerTenant >= 0, "MaxCachedContextsPerTenant must not be negative.")
            .Validate(o => o.ChangeFeedPollInterval > TimeSpan.Zero && o.ChangeFeedKeepAlive > TimeSpan.Zero, "Change feed intervals must be positive.")
            .ValidateOnStart();
        services.AddSingleton<VisibilityOverrideStore>();
        services.AddSingleton(_ => new ConditionExpressions());
        services.AddSingleton<TenantModuleLoader>();
        services.AddSingleton<TenantModuleCache>();
        services.AddSingleton<VisibleModuleReader>();
        services.AddSingleton<ModuleChangeSignal>();
        services.AddSingleton<TenantCacheInvalidator>();
        services.AddHostedService(provider => provider.GetRequiredService<TenantCacheInvalidator>());
        return services;
    }

    /// <summary>Maps the benchmark's bare endpoint when <c>DynamicModules:Benchmark:BareEndpoint</c> is on.</summary>
    public static ApiRoutes MapModuleReadBenchmark(this ApiRoutes routes)
    {
        if (routes.Public.ServiceProvider.GetRequiredService<IOptions<DynamicModulesOptions>>().Value.Benchmark.BareEndpoint)
        {
            routes.Public.MapBareBenchmarkEndpoint();
        }

        return routes;
    }
}

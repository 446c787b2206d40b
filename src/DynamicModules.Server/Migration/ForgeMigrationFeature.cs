using DynamicModules.Migration;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Migration;

/// <summary>Connect → Forge migration of dynamic modules (DESIGN §4.6): the operator's plan and apply, the app's plan read.</summary>
public static class ForgeMigrationFeature
{
    /// <summary>Registers the migration service, its store and the routes' JSON.</summary>
    public static IServiceCollection AddForgeMigration(this IServiceCollection services)
    {
        services.AddSingleton<ModuleMigrationStore>();
        services.AddSingleton<ForgeMigrationService>();
        services.AddJsonContext(ForgeMigrationJson.Default);
        return services;
    }

    /// <summary>Maps <c>POST .../apps/{appKey}/migrate-to-forge</c> and the app-facing plan reads under every app base.</summary>
    public static ApiRoutes MapForgeMigration(this ApiRoutes routes)
    {
        routes.Tenant.MapForgeMigrationEndpoints();
        foreach (var app in routes.AppBases)
        {
            app.MapAppMigrationEndpoints();
        }

        return routes;
    }
}

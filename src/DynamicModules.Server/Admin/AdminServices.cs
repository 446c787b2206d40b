using DynamicModules.Modules.Store;
using DynamicModules.Server.OperatorApi;

namespace DynamicModules.Server.Admin;

/// <summary>Registers and maps the admin page and the operator endpoints it needs beyond the core API.</summary>
public static class AdminServices
{
    /// <summary>Registers the embedded page and the module usage store.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminPage>();
        services.AddSingleton<ModuleUsageStore>();
        return services;
    }

    /// <summary>Maps <c>/admin</c>, admin links, module usage and delete, and the expression playground.</summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminEndpoints();
        app.MapModuleAdminEndpoints();
        app.MapExpressionPlaygroundEndpoints();
        return app;
    }
}

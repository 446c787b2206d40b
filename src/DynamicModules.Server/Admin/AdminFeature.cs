using DynamicModules.Modules.Store;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Admin;

/// <summary>Registers and maps the admin page and the operator endpoints it needs beyond the core API.</summary>
public static class AdminFeature
{
    /// <summary>Registers the embedded page and the admin link route's JSON.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminPage>();
        services.AddJsonContext(AdminJson.Default);
        return services;
    }

    /// <summary>Maps <c>/admin</c>, its files and the admin links.</summary>
    public static ApiRoutes MapAdmin(this ApiRoutes routes) => routes.MapAdminEndpoints();
}

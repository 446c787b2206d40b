using DynamicModules.Dashboard;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Dashboard;

/// <summary>The admin dashboard's figures: deliveries per hour by outcome, lag, outbox depth, failing endpoints, quota use.</summary>
public static class DashboardFeature
{
    /// <summary>Registers the dashboard store and its JSON.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardStore>();
        services.AddJsonContext(DashboardJson.Default);
        return services;
    }

    /// <summary>Maps <c>GET /api/v1/dashboard</c> and <c>GET /api/v1/tenants/{tenant}/dashboard</c>.</summary>
    public static ApiRoutes MapDashboard(this ApiRoutes routes) => routes.MapDashboardEndpoints();
}

using DynamicModules.Audit;
using DynamicModules.Changes;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Tenants;

/// <summary>Tenants, their users' roles, their audit log and the one write path every tenant change goes through.</summary>
public static class TenantsFeature
{
    /// <summary>Registers the tenant stores, the unit of work (<see cref="TenantWrite"/>), the audit log and the change log.</summary>
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<TenantIds>();
        services.AddSingleton<TenantUserStore>();
        services.AddSingleton<TenantWrite>();
        services.AddSingleton<TenantSetup>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ModuleChangeLog>();
        services.AddJsonContext(TenantsJson.Default);
        return services;
    }

    /// <summary>Maps <c>/api/v1/tenants</c>, one tenant, its audit log and its users' roles.</summary>
    public static ApiRoutes MapTenants(this ApiRoutes routes) => routes.MapTenantEndpoints().MapTenantUserEndpoints();
}

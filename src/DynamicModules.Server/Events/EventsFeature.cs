using DynamicModules.Configuration;
using DynamicModules.Events;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Events;

/// <summary>Events: the catalog, publishing, and the index of who subscribes to what.</summary>
public static class EventsFeature
{
    /// <summary>Registers the event catalog (built-ins plus <c>DynamicModules:Events</c>), the event store, the publisher, the subscription index and the routes' JSON.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSingleton(provider => EventCatalog.WithSettings(provider.GetRequiredService<IOptions<DynamicModulesOptions>>().Value.Events));
        services.AddSingleton<SubscriptionLoader>();
        services.AddSingleton<SubscriptionIndex>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventPublisher>();
        services.AddJsonContext(EventsJson.Default);
        return services;
    }

    /// <summary>Maps <c>POST /api/v1/tenants/{tenant}/events</c>.</summary>
    public static ApiRoutes MapEvents(this ApiRoutes routes)
    {
        routes.Tenant.MapEventEndpoints();
        return routes;
    }
}

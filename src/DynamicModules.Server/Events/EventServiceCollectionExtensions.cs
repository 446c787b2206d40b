using DynamicModules.Configuration;
using DynamicModules.Delivery;
using DynamicModules.Events;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Events;

/// <summary>Registers events, the subscriber index, the delivery outbox and its worker.</summary>
public static class EventServiceCollectionExtensions
{
    /// <summary>
    /// Adds the event catalog (built-ins plus <c>DynamicModules:Events</c>), publishing, delivery
    /// (<see cref="DeliveryOptions"/> from <c>DynamicModules:Delivery</c>, validated at start-up by ranges and
    /// <see cref="DeliveryOptionsValidator"/>) and the worker.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(provider => EventCatalog.WithSettings(provider.GetRequiredService<IOptions<DynamicModulesOptions>>().Value.Events));
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton<SubscriptionLoader>();
        services.AddSingleton<SubscriptionIndex>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryOutcomeWriter>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryWakeListener>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHttpClient(DeliverySender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}

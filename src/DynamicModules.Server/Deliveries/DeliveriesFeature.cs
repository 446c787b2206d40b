using DynamicModules.Delivery;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Deliveries;

/// <summary>Delivery: the outbox, the worker that sends it and the delivery log (its metrics: Telemetry/).</summary>
public static class DeliveriesFeature
{
    /// <summary>
    /// Registers the delivery store, sender, signal and dispatcher, and the worker that runs it
    /// (<see cref="DeliveryOptions"/> from <c>DynamicModules:Delivery</c>, validated at start-up by ranges and
    /// <see cref="DeliveryOptionsValidator"/>).
    /// </summary>
    public static IServiceCollection AddDeliveries(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryOutcomeWriter>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryWakeListener>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService<DeliveryWorker>();
        services.AddJsonContext(DeliveriesJson.Default);
        // No IHttpClientFactory request logging (a log scope and two records per request): every attempt is in the delivery log,
        // its span and its metrics already. No HttpClient timeout: the sender's, on the service clock, is the attempt's only one
        // (HttpClient's own 100 s would cut a longer DeliveryOptions.Timeout short, and costs a linked token and a timer per request).
        services.AddHttpClient(DeliverySender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>Maps the delivery log, redelivery, replay and signing secrets.</summary>
    public static ApiRoutes MapDeliveries(this ApiRoutes routes) => routes.MapDeliveryEndpoints();
}

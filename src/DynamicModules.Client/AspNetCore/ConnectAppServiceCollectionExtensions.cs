using DynamicModules.Client.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DynamicModules.Client.AspNetCore;

/// <summary>Registers a Connect app of a Dynamic Modules service.</summary>
public static class ConnectAppServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConnectApp"/>, its options (validated at start-up), the service's keys, the verifier and an
    /// in-memory <see cref="IConnectInstallationStore"/> unless one is registered already. Map the routes with
    /// <see cref="ConnectAppEndpointRouteBuilderExtensions.MapConnectApp"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the app's key, modules and service URL.</param>
    public static IServiceCollection AddConnectApp(this IServiceCollection services, Action<ConnectAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConnectAppOptions>().Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Key), "ConnectAppOptions.Key is required.")
            .Validate(o => Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "ConnectAppOptions.ServiceUrl must be an absolute http(s) URL.")
            .Validate(o => o.BaseUrl is null || (Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "ConnectAppOptions.BaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.MaxBodyBytes > 0, "ConnectAppOptions.MaxBodyBytes must be positive.")
            .ValidateOnStart();
        // No redirects: a key or an API answer must come from the service itself.
        services.AddHttpClient(ConnectApp.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectInstallationStore, InMemoryConnectInstallationStore>();
        services.TryAddSingleton<ConnectApp>();
        services.TryAddSingleton(provider => new ServiceKeys(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectApp.HttpClientName),
            provider.GetRequiredService<IOptions<ConnectAppOptions>>().Value.ServiceUrl,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new ServiceRequestVerifier(
            provider.GetRequiredService<ServiceKeys>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}

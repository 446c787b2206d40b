using DynamicModules.Apps;
using DynamicModules.Installations;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Installations;

/// <summary>Installing apps from their descriptors, their lifecycle callbacks and the key that signs them.</summary>
public static class InstallationsFeature
{
    /// <summary>Registers the installation store and service, the descriptor fetcher and cache, the signing key and the routes' JSON.</summary>
    public static IServiceCollection AddInstallations(this IServiceCollection services)
    {
        services.AddSingleton(provider => ConnectSigningKey.LoadOrCreate(provider.GetRequiredService<DataDirectory>().Path));
        services.AddSingleton<InstallationStore>();
        services.AddSingleton<InstallationService>();
        services.AddSingleton<LifecycleCallbackSender>();
        services.AddSingleton<AppDocumentFetcher>();
        services.AddSingleton(_ => new AppDescriptorCache());
        services.AddHttpClient(LifecycleCallbackSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddJsonContext(InstallationsJson.Default);
        return services;
    }

    /// <summary>Maps the installation routes of a tenant and the public <c>/connect-keys/{kid}</c>.</summary>
    public static ApiRoutes MapInstallations(this ApiRoutes routes)
    {
        routes.Tenant.MapInstallationEndpoints();
        routes.Public.MapConnectKeyEndpoints();
        return routes;
    }
}

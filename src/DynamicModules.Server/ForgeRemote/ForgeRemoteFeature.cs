using DynamicModules.ForgeRemote;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tenants;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>
/// The Forge Remote contract (DESIGN §4.5): the signing key ring and its JWKS, Forge Invocation Tokens, app tokens and
/// the host's invoke. Trigger deliveries use the same services through the delivery sender.
/// </summary>
public static class ForgeRemoteFeature
{
    /// <summary>
    /// Registers the key ring and its store, the token minters, the headers, the invoker and its HttpClient
    /// (<see cref="ForgeRemoteOptions"/> from <c>DynamicModules:ForgeRemote</c>, validated at start-up).
    /// </summary>
    public static IServiceCollection AddForgeRemote(this IServiceCollection services)
    {
        services.AddOptions<ForgeRemoteOptions>()
            .BindConfiguration(ForgeRemoteOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForgeRemoteOptions>, ForgeRemoteOptionsValidator>();
        services.AddSingleton<ForgeSigningKeyStore>();
        services.AddSingleton<ForgeSigningKeys>();
        services.AddSingleton<ForgeInvocationTokens>();
        services.AddSingleton<ForgeAppTokens>();
        services.AddSingleton<ForgeRemoteHeaders>();
        services.AddSingleton<ForgeRemoteCalls>();
        services.AddSingleton<ForgeRemoteInvoker>();
        services.AddSingleton<ForgeLifecycleEvents>();
        services.AddSingleton(provider =>
        {
            var publicUrl = provider.GetRequiredService<PublicUrl>();
            return new TenantApiBaseUrl(publicUrl.TenantBaseUrl);
        });
        services.AddHttpClient(ForgeRemoteInvoker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddJsonContext(ForgeRemoteJson.Default);
        return services;
    }

    /// <summary>Maps the public <c>/.well-known/jwks.json</c> and the operator's invoke.</summary>
    public static ApiRoutes MapForgeRemote(this ApiRoutes routes)
    {
        routes.Public.MapJwksEndpoints();
        routes.Tenant.MapInvokeEndpoints();
        return routes;
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamicModules.Secrets;

/// <summary>Registers secrets at rest: the key ring, the protector, the sweep and Data Protection on top of them.</summary>
public static class SecretServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: all nodes share it, so they share protected payloads.</summary>
    public const string ApplicationName = "dynamic-modules";

    /// <summary>Adds the services; <paramref name="ring"/> is the loaded key ring.</summary>
    public static IServiceCollection AddSecretsAtRest(this IServiceCollection services, SecretKeyRing ring)
    {
        services.AddSingleton(ring);
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<InstallationSecretsStore>();
        services.AddSingleton<SecretSweep>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = provider.GetRequiredService<DataProtectionKeyStore>();
            options.XmlEncryptor = new SecretKeyXmlEncryptor(provider.GetRequiredService<SecretProtector>());
        }));
        return services;
    }
}

using DynamicModules.Configuration;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Tenants;

/// <summary>
/// The service's external URL, from which tenant base URLs are built: <c>DynamicModules:PublicUrl</c>, or
/// the first address Kestrel bound (known only after start, hence resolved lazily; port 0 in tests).
/// </summary>
public sealed class PublicUrl(IOptions<DynamicModulesOptions> options, IServer server)
{
    private string? _resolved;

    /// <summary>The URL without a trailing slash.</summary>
    public string Value => _resolved ??= Resolve();

    /// <summary>
    /// The base URL apps are given for a tenant: <c>{PublicUrl}/t/{tenant}</c>, or <c>{PublicUrl}/t/{tenant}/wiki</c> for a
    /// Confluence tenant with the <c>/wiki</c> context path (<see cref="Tenant.WikiContextPath"/>).
    /// </summary>
    public string TenantBaseUrl(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Value + tenant.BasePath;
    }

    private string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
        {
            return options.Value.PublicUrl.TrimEnd('/');
        }

        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        // Wildcard binds are not addresses anyone can call; name the loopback instead.
        return first.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
    }
}

using DynamicModules.Configuration;
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

    /// <summary>The base URL apps are given for a tenant.</summary>
    public string TenantBaseUrl(string tenantKey) => $"{Value}/t/{tenantKey}";

    /// <summary>The path part of a tenant's base URL (what qsh computation strips).</summary>
    public string TenantBasePath(string tenantKey) => new Uri(TenantBaseUrl(tenantKey)).AbsolutePath.TrimEnd('/');

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

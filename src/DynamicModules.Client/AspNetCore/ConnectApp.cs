using System.Text.Json.Nodes;
using DynamicModules.Client.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DynamicModules.Client.AspNetCore;

/// <summary>The app as the helpers serve it: its base URL, its descriptor, its installations and clients for them.</summary>
public sealed class ConnectApp(
    IOptions<ConnectAppOptions> options, IConnectInstallationStore installations, IServer server, IHttpClientFactory httpClients,
    TimeProvider time)
{
    /// <summary>The named HttpClient the helpers call the service with.</summary>
    public const string HttpClientName = "dynamic-modules";

    /// <summary>The app's options.</summary>
    public ConnectAppOptions Options => options.Value;

    /// <summary>The installations the app knows.</summary>
    public IConnectInstallationStore Installations => installations;

    /// <summary>The app's public base URL: <see cref="ConnectAppOptions.BaseUrl"/>, else the first listen URL, without a trailing slash.</summary>
    public string BaseUrl =>
        (options.Value.BaseUrl
         ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
         ?? throw new InvalidOperationException("The server listens on no address yet; set ConnectAppOptions.BaseUrl.")).TrimEnd('/');

    /// <summary>The app's Connect descriptor, served at <c>/atlassian-connect.json</c>.</summary>
    public JsonObject Descriptor()
    {
        var settings = options.Value;
        return new JsonObject
        {
            ["key"] = settings.Key,
            ["name"] = string.IsNullOrEmpty(settings.Name) ? settings.Key : settings.Name,
            ["baseUrl"] = BaseUrl,
            ["authentication"] = new JsonObject { ["type"] = "jwt" },
            ["apiMigrations"] = new JsonObject { ["signed-install"] = true },
            ["lifecycle"] = new JsonObject
            {
                ["installed"] = "/installed",
                ["uninstalled"] = "/uninstalled",
                ["enabled"] = "/enabled",
                ["disabled"] = "/disabled",
            },
            ["scopes"] = new JsonArray([.. settings.Scopes.Select(scope => (JsonNode)JsonValue.Create(scope))]),
            ["modules"] = settings.Modules.DeepClone(),
        };
    }

    /// <summary>A signed client for the installation of <paramref name="clientKey"/>, or null when the app has none.</summary>
    /// <param name="clientKey">The tenant's clientKey.</param>
    /// <param name="cancellationToken">Cancels the store lookup.</param>
    public async ValueTask<DynamicModulesClient?> ClientForAsync(string clientKey, CancellationToken cancellationToken)
    {
        var installation = await installations.FindAsync(clientKey, cancellationToken);
        return installation is null
            ? null
            : new DynamicModulesClient(
                httpClients.CreateClient(HttpClientName),
                new ConnectCredentials(installation.AppKey, installation.SharedSecret, installation.BaseUrl, installation.ClientKey),
                time);
    }
}

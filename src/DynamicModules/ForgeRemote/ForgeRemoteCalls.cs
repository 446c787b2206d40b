using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Delivery;
using DynamicModules.Tenants;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// Which requests follow the Forge Remote contract and what they carry: a request to an endpoint
/// (<c>modules.endpoint</c>) of an app — a trigger delivery whose target is an endpoint's route, a Forge lifecycle
/// event, an invoke — gets a FIT and the tokens its <c>auth</c> asks for (<see cref="ForgeRemoteHeaders"/>). Webhook
/// deliveries and triggers naming a Connect-style <c>function</c> stay Connect requests.
/// </summary>
public sealed class ForgeRemoteCalls(ForgeRemoteHeaders headers, TenantStore tenants, TenantApiBaseUrl apiBaseUrl)
{
    /// <summary>The module type FITs name for trigger deliveries and lifecycle events.</summary>
    public const string TriggerModule = "trigger";

    /// <summary>The module type FITs name for invocations.</summary>
    public const string EndpointModule = "endpoint";

    /// <summary>The endpoint whose route is <paramref name="targetUrl"/>, or null when the target is not a Forge endpoint.</summary>
    public static AppDescriptorEndpoint? EndpointAt(AppDescriptor descriptor, string targetUrl)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        foreach (var endpoint in descriptor.Endpoints.Values.OrderBy(endpoint => endpoint.Key, StringComparer.Ordinal))
        {
            if (string.Equals(descriptor.EndpointUrl(endpoint), targetUrl, StringComparison.Ordinal))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>The account id of an event actor JSON (<c>{accountId}</c>), or null when no user acted.</summary>
    public static string? AccountIdOf(string? actorJson) =>
        actorJson is not null && JsonNode.Parse(actorJson) is JsonObject actor && actor["accountId"] is JsonValue value
            && value.TryGetValue<string>(out var accountId) && accountId.Length > 0
            ? accountId
            : null;

    /// <summary>Adds the contract's headers to one attempt of a trigger delivery to <paramref name="endpoint"/>.</summary>
    public async Task ApplyToDeliveryAsync(
        HttpRequestMessage request, DeliveryWork work, AppDescriptor descriptor, AppDescriptorEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var tenant = await tenants.FindByIdAsync(work.TenantId, cancellationToken)
            ?? throw new InvalidOperationException($"Delivery {work.Id} belongs to no tenant.");
        await headers.ApplyAsync(request,
            Invocation(tenant, work.AppKey, work.DescriptorVersion, descriptor, endpoint, TriggerModule, work.ModuleKey, AccountIdOf(work.Actor)),
            cancellationToken);
    }

    /// <summary>Adds the contract's headers to a request to <paramref name="endpoint"/> made for <paramref name="tenant"/>.</summary>
    public Task ApplyAsync(
        HttpRequestMessage request, Tenant tenant, string appKey, int descriptorVersion, AppDescriptor descriptor, AppDescriptorEndpoint endpoint,
        string moduleType, string moduleKey, string? accountId, CancellationToken cancellationToken) =>
        headers.ApplyAsync(request, Invocation(tenant, appKey, descriptorVersion, descriptor, endpoint, moduleType, moduleKey, accountId),
            cancellationToken);

    private ForgeInvocation Invocation(
        Tenant tenant, string appKey, int descriptorVersion, AppDescriptor descriptor, AppDescriptorEndpoint endpoint, string moduleType,
        string moduleKey, string? accountId) =>
        new(descriptor.AppId, appKey, descriptor.AppVersion ?? descriptorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            tenant.ClientKey, apiBaseUrl.Of(tenant), moduleType, moduleKey, accountId, endpoint.AppSystemToken, endpoint.AppUserToken);
}

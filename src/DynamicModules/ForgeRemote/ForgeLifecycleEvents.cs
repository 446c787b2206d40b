using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Delivery;
using DynamicModules.Events;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Storage;
using DynamicModules.Telemetry;
using DynamicModules.Tenants;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// Forge's own lifecycle events, <c>avi:forge:installed:app</c> and <c>avi:forge:uninstalled:app</c>: as in Forge they go
/// only to the app they are about, to the endpoints of its triggers (static or dynamic) subscribed to them, through the
/// outbox like any delivery (retries, dead letters, redelivery, the delivery log). The host cannot publish them.
/// </summary>
public sealed class ForgeLifecycleEvents(
    EventStore events, DynamicModuleStore dynamicModules, AppDescriptorCache descriptors, DeliverySignal signal, IOptions<ForgeRemoteOptions> options,
    TimeProvider time)
{
    /// <summary>Sent after an install or a reinstall.</summary>
    public const string Installed = "avi:forge:installed:app";

    /// <summary>Sent after an uninstall; delivered although the app is no longer enabled.</summary>
    public const string Uninstalled = "avi:forge:uninstalled:app";

    private const string TriggerType = "trigger";

    /// <summary>True for an event name only the service may send.</summary>
    public static bool IsReserved(string eventName) => eventName.StartsWith("avi:forge:", StringComparison.Ordinal);

    /// <summary>Queues <paramref name="eventName"/> for <paramref name="installation"/>'s subscribed triggers; returns how many deliveries.</summary>
    public async Task<int> QueueAsync(Tenant tenant, Installation installation, string eventName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(installation);
        var descriptor = descriptors.DescriptorOf(installation);
        var triggers = (descriptor.StaticModules.GetValueOrDefault(TriggerType) ?? []).Select(module => (module.Key, module.Definition))
            .Concat((await dynamicModules.ListAsync(tenant.Id, installation.Id, TriggerType, 0, int.MaxValue, cancellationToken))
                .Select(module => (module.Key, module.Definition)))
            .Where(trigger => Subscribes(trigger.Definition, eventName))
            .ToList();
        var deliveries = new List<NewDelivery>();
        foreach (var (key, definition) in triggers)
        {
            // Only endpoints are remotes; a function target has no remote to send a Forge event to.
            if (definition["endpoint"] is JsonValue value && value.TryGetValue<string>(out var endpointKey)
                && descriptor.Endpoints.TryGetValue(endpointKey, out var endpoint))
            {
                deliveries.Add(new NewDelivery(installation.Id, installation.AppKey, key, SubscriptionKind.Trigger, eventName,
                    descriptor.EndpointUrl(endpoint), ExcludeBody: false, SelfGenerated: true, $"subscribed to {eventName}", null, null));
            }
        }

        if (deliveries.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["app"] = new JsonObject
            {
                ["id"] = descriptor.AppId,
                ["version"] = descriptor.AppVersion ?? installation.DescriptorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["environment"] = new JsonObject
            {
                ["type"] = options.Value.EnvironmentType,
                ["id"] = ForgeIds.EnvironmentId(descriptor.AppId, options.Value.EnvironmentType),
            },
            ["installationId"] = ForgeIds.InstallationId(tenant.ClientKey, installation.AppKey),
        };
        var payloadJson = payload.ToJsonString();
        using var document = JsonDocument.Parse(payloadJson);
        var published = new EventToPublish($"{eventName}:{payload["id"]}", new EventType(eventName, null, EventCatalog.ReadScope),
            document.RootElement.Clone(), payloadJson, null);
        // Queued inside the install or uninstall span: the deliveries continue the operator request's trace. The deliveries are
        // the app's own, whatever the tenant's other modules are, so any module version will do.
        await events.InsertAsync((tenant.Id, tenant.Key), long.MaxValue, published, deliveries, "[]", UnixTime.ToMilliseconds(now), ServiceTracing.CurrentContext(),
            cancellationToken);
        signal.Wake();
        return deliveries.Count;
    }

    private static bool Subscribes(JsonObject definition, string eventName) =>
        definition["events"] is JsonArray names && names.Any(name => name is JsonValue value && value.TryGetValue<string>(out var text) && text == eventName);
}

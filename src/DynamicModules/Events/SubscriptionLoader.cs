using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Filters;
using DynamicModules.Installations;
using DynamicModules.Migration;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Tenants;

namespace DynamicModules.Events;

/// <summary>
/// Builds a tenant's <see cref="TenantSubscriptions"/> from the database: the <c>webhooks</c> and
/// <c>trigger</c> modules, static (from each installation's stored descriptor) and dynamic, of the tenant's
/// enabled installations only. Filters come compiled from the shared <see cref="FilterCache"/>.
/// </summary>
/// <remarks>
/// A load is one consistent state: installations and modules are read by separate queries, so a write committing between
/// them (a Connect → Forge migration replacing webhooks by triggers and adding their endpoints) could otherwise give an
/// index with both or neither. Every such write bumps the tenant's module version in its transaction, so a load that sees
/// the same version before and after its reads saw no write in between; otherwise it reads again.
/// </remarks>
public sealed class SubscriptionLoader(
    TenantStore tenants, InstallationStore installations, DynamicModuleStore dynamicModules, ModuleMigrationStore migrations,
    FilterCache filters, AppDescriptorCache appDescriptors)
{
    // Writes of one tenant are rare next to loads; a few rounds settle, and a tenant written to without pause still gets
    // the last load (as consistent as before this check).
    private const int ConsistentReadAttempts = 5;

    /// <summary>The Connect subscriber module type.</summary>
    public const string WebhooksType = "webhooks";

    /// <summary>The Forge subscriber module type.</summary>
    public const string TriggerType = "trigger";

    /// <summary>Loads the subscribers of <paramref name="tenantId"/>, labelled with <paramref name="moduleVersion"/>.</summary>
    public async Task<TenantSubscriptions> LoadAsync(long tenantId, long moduleVersion, CancellationToken cancellationToken)
    {
        var before = await tenants.ModuleVersionAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadOnceAsync(tenantId, Math.Max(moduleVersion, before ?? 0), cancellationToken);
            var after = await tenants.ModuleVersionAsync(tenantId, cancellationToken);
            if (after == before || attempt == ConsistentReadAttempts)
            {
                return loaded;
            }

            before = after;
        }
    }

    private async Task<TenantSubscriptions> LoadOnceAsync(long tenantId, long moduleVersion, CancellationToken cancellationToken)
    {
        var enabled = (await installations.ListAsync(tenantId, cancellationToken)).Where(i => i.IsEnabled).ToList();
        if (enabled.Count == 0)
        {
            return TenantSubscriptions.Empty(moduleVersion);
        }

        var descriptors = enabled.ToDictionary(i => i.Id, i => (Installation: i, Descriptor: appDescriptors.DescriptorOf(i)));
        var entries = new List<(Subscription, IReadOnlyCollection<string>)>();
        foreach (var (installation, descriptor) in descriptors.Values)
        {
            foreach (var type in (string[])[WebhooksType, TriggerType])
            {
                foreach (var module in descriptor.StaticModules.GetValueOrDefault(type) ?? [])
                {
                    Add(entries, installation, descriptor, type, module.Key, module.Definition, isDynamic: false);
                }
            }
        }

        var dynamic = await dynamicModules.ListForTenantAsync(tenantId, [InstallationStates.Enabled], cancellationToken);
        var migrated = await migrations.MadeModulesAsync(tenantId, cancellationToken);
        foreach (var module in dynamic.Where(m => m.Type is WebhooksType or TriggerType))
        {
            if (descriptors.TryGetValue(module.InstallationId, out var owner))
            {
                var (subscription, events) = ToSubscription(
                    owner.Installation.Id, owner.Installation.AppKey, owner.Descriptor, module.Type, module.Key, module.Definition, isDynamic: true, filters);
                var isMigrated = module.Type == TriggerType && migrated.Contains((module.InstallationId, module.Key));
                entries.Add((isMigrated ? subscription with { IsMigrated = true } : subscription, events));
            }
        }

        return new TenantSubscriptions(moduleVersion, entries);
    }

    /// <summary>Turns one module definition into a subscription; exposed for tests and benchmarks.</summary>
    public static (Subscription Subscription, IReadOnlyCollection<string> Events) ToSubscription(
        long installationId, string appKey, AppDescriptor descriptor, string type, string moduleKey, JsonObject definition, bool isDynamic,
        FilterCache filters)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(filters);
        if (type == WebhooksType)
        {
            var filterSource = Text(definition["filter"]);
            var webhook = new Subscription(
                installationId, appKey, moduleKey, SubscriptionKind.Webhook, isDynamic, descriptor.BaseUrl, descriptor.Scopes,
                Text(definition["url"]),
                string.IsNullOrWhiteSpace(filterSource) ? null : filters.GetOrCompile(FilterLanguage.Jql, filterSource),
                FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: Flag(definition["excludeBody"]));
            return (webhook, Text(definition["event"]) is { } name ? [name] : []);
        }

        var filter = definition["filter"] as JsonObject;
        var expression = Text(filter?["expression"]);
        // An endpoint lives on one of the app's remotes, which need not be the one its base URL names.
        var targetBase = Text(definition["endpoint"]) is { } endpointKey && descriptor.Endpoints.TryGetValue(endpointKey, out var endpoint)
            ? descriptor.RemoteBaseUrl(endpoint)
            : descriptor.BaseUrl;
        var trigger = new Subscription(
            installationId, appKey, moduleKey, SubscriptionKind.Trigger, isDynamic, targetBase, descriptor.Scopes,
            descriptor.DeliveryPathFor(definition),
            string.IsNullOrWhiteSpace(expression) ? null : filters.GetOrCompile(FilterLanguage.Expression, expression),
            Text(filter?["onError"]) switch
            {
                "IGNORE" => FilterErrorHandling.Ignore,
                "RECEIVE_AND_LOG" => FilterErrorHandling.ReceiveAndLog,
                "RECEIVE" => FilterErrorHandling.Receive,
                _ => FilterErrorHandling.IgnoreAndLog,
            },
            IgnoreSelf: Flag(filter?["ignoreSelf"]), ExcludeBody: false);
        var events = definition["events"] is JsonArray array
            ? array.Select(Text).OfType<string>().ToList()
            : [];
        return (trigger, events);
    }

    private void Add(
        List<(Subscription, IReadOnlyCollection<string>)> entries, Installation installation, AppDescriptor descriptor, string type,
        string moduleKey, JsonObject definition, bool isDynamic) =>
        entries.Add(ToSubscription(installation.Id, installation.AppKey, descriptor, type, moduleKey, definition, isDynamic, filters));

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Apps.Forge;
using DynamicModules.Audit;
using DynamicModules.Configuration;
using DynamicModules.Filters;
using DynamicModules.ForgeRemote;
using DynamicModules.Migration;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Protocol.Webhooks;
using DynamicModules.Telemetry;
using DynamicModules.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicModules.Installations;

/// <summary>
/// The install lifecycle (specs/connect.md §3): install, upgrade, reinstall, uninstall, enable, disable.
/// The app's <c>installed</c> callback must succeed before anything is written, so a refusing app leaves
/// no trace; the database change and its audit record then commit together.
/// </summary>
public sealed partial class InstallationService(
    TenantWrite write,
    InstallationStore installations,
    AppDocumentFetcher fetcher,
    LifecycleCallbackSender callbacks,
    FilterCache filters,
    AppDescriptorCache descriptors,
    ForgeLifecycleEvents forgeEvents,
    ModuleMigrationStore migrations,
    IOptions<DynamicModulesOptions> options,
    ILogger<InstallationService> logger)
{
    private TimeSpan Timeout => options.Value.LifecycleTimeout;

    /// <summary>Installs, reinstalls or upgrades an app from a descriptor document or URL.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="tenantBaseUrl">The base URL the app is given for the tenant.</param>
    /// <param name="descriptorJson">The descriptor, when given inline.</param>
    /// <param name="descriptorUrl">Where to fetch the descriptor, when not inline.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<InstallOutcome> InstallAsync(
        Tenant tenant, string tenantBaseUrl, JsonNode? descriptorJson, string? descriptorUrl, CancellationToken cancellationToken)
    {
        using var activity = StartLifecycle("install app", tenant, null);
        var outcome = await InstallOnceAsync(tenant, tenantBaseUrl, descriptorJson, descriptorUrl, cancellationToken);
        activity?.SetTag("dynmod.outcome", outcome.GetType().Name);
        if (outcome is not InstallOutcome.Installed)
        {
            activity.Fail(outcome.GetType().Name);
        }

        return outcome;
    }

    private async Task<InstallOutcome> InstallOnceAsync(
        Tenant tenant, string tenantBaseUrl, JsonNode? descriptorJson, string? descriptorUrl, CancellationToken cancellationToken)
    {
        if (descriptorJson is null)
        {
            var (fetched, error) = await fetcher.FetchJsonAsync(descriptorUrl!, Timeout, cancellationToken);
            if (error is not null)
            {
                return new InstallOutcome.Unavailable($"The descriptor could not be fetched: {error}");
            }

            descriptorJson = fetched;
        }

        var (descriptor, errors) = AppDescriptorParser.Parse(descriptorJson, (language, source) => filters.GetOrCompile(language, source).Errors);
        if (descriptor is null || errors.Count > 0)
        {
            return new InstallOutcome.Invalid(errors);
        }

        var (translations, translationError) = await fetcher.FetchTranslationsAsync(descriptor, Timeout, cancellationToken);
        if (translations is null)
        {
            return new InstallOutcome.Unavailable(translationError!);
        }

        var previous = await installations.FindAsync(tenant.Id, descriptor.Key, cancellationToken);
        var sharedSecret = SecretGenerator.NewSecret();
        // Kept across upgrades and reinstalls: apps verify deliveries with it and may have queued ones in flight.
        var signingSecret = previous?.SigningSecret ?? StandardWebhookSignature.NewSecret();
        var callback = descriptor.Lifecycle.Installed is { } installedPath
            ? await callbacks.SendAsync(descriptor.BaseUrl, installedPath,
                LifecyclePayload(descriptor, tenant, tenantBaseUrl, "installed", sharedSecret, signingSecret), tenant.ClientKey, null, Timeout,
                cancellationToken)
            : LifecycleCallbackResult.NotDeclared("installed");
        if (!callback.Succeeded)
        {
            var detail = callback.Describe();
            LogInstallRefused(logger, descriptor.Key, tenant.Key, detail);
            return new InstallOutcome.CallbackFailed(callback);
        }

        var operation = previous is null ? AuditOperations.AppInstall
            : previous.State == InstallationStates.Uninstalled ? AuditOperations.AppReinstall
            : AuditOperations.AppUpgrade;
        var (saved, purged) = await write.RunAsync(tenant.Id, Actors.Operator, async work =>
        {
            var saved = await installations.SaveInstalledAsync(
                work.Scope, tenant.Id, descriptor.Key, sharedSecret, descriptor.Raw.ToJsonString(), translations.ToJsonString(), cancellationToken,
                signingSecret);
            var purged = previous is null ? [] : await PurgeOnStaticClashAsync(work, saved, descriptor, cancellationToken);
            work.Audit(descriptor.Key, operation, [], $"descriptor version {saved.DescriptorVersion}");
            work.RecordModuleChange(descriptor.Key, operation, purged);
            return (saved, purged);
        }, cancellationToken);

        if (descriptor.Lifecycle.Enabled is { } enabledPath)
        {
            // "enabled" is informational (connect.md §3.5): the install has happened whatever the app answers.
            var enabled = await callbacks.SendAsync(descriptor.BaseUrl, enabledPath,
                LifecyclePayload(descriptor, tenant, tenantBaseUrl, "enabled", null), tenant.ClientKey, sharedSecret, Timeout, cancellationToken);
            var detail = enabled.Describe();
            LogCallback(logger, "enabled", descriptor.Key, tenant.Key, detail);
        }

        if (operation != AuditOperations.AppUpgrade)
        {
            await forgeEvents.QueueAsync(tenant, saved, ForgeLifecycleEvents.Installed, cancellationToken);
        }

        return new InstallOutcome.Installed(saved, operation, purged);
    }

    /// <summary>
    /// Installs, reinstalls or upgrades a Forge app from its <c>manifest.yml</c> (DESIGN §4.5), given as text (YAML or
    /// JSON) or fetched from a URL. The app is stored under its <see cref="ForgeManifest.AppKey"/>, so a manifest with
    /// <c>app.connect.key</c> installed over that Connect app is an upgrade ("adopt Forge from Connect") that keeps
    /// the installation row, its secrets, dynamic modules and audit history. No Connect lifecycle callback is sent:
    /// a Forge app learns of its install through the Forge lifecycle events.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="manifestText">The manifest text, when given inline.</param>
    /// <param name="manifestUrl">Where to fetch the manifest, when not inline.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<InstallOutcome> InstallManifestAsync(
        Tenant tenant, string? manifestText, string? manifestUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        using var activity = StartLifecycle("install app", tenant, null);
        if (manifestText is null)
        {
            var (fetched, error) = await fetcher.FetchTextAsync(manifestUrl!, Timeout, cancellationToken);
            if (error is not null)
            {
                return new InstallOutcome.Unavailable($"The manifest could not be fetched: {error}");
            }

            manifestText = fetched!;
        }

        var (document, problem) = ManifestDocumentReader.Read(manifestText);
        if (problem is not null)
        {
            return new InstallOutcome.Invalid([new ValidationError(problem.Path == Json.StrictJson.RootPath ? string.Empty : problem.Path, problem.Message)]);
        }

        var (descriptor, errors) = ForgeManifestParser.Parse(document, (language, source) => filters.GetOrCompile(language, source).Errors);
        if (descriptor?.Forge is not { } manifest || errors.Count > 0)
        {
            return new InstallOutcome.Invalid(errors);
        }

        var previous = await installations.FindAsync(tenant.Id, descriptor.Key, cancellationToken);
        if (previous is not null && await WithDerivedEndpointsAsync(tenant, previous, descriptor, cancellationToken) is { } kept)
        {
            (descriptor, errors) = ForgeManifestParser.Parse(kept, (language, source) => filters.GetOrCompile(language, source).Errors);
            if (descriptor?.Forge is not { } keptManifest || errors.Count > 0)
            {
                return new InstallOutcome.Invalid(errors);
            }

            manifest = keptManifest;
        }

        var previousForge = previous is null ? null : descriptors.DescriptorOf(previous).Forge;
        if (previousForge is not null && previousForge.AppId != manifest.AppId)
        {
            return new InstallOutcome.Invalid([new ValidationError(manifest.ConnectKey is null ? "app.id" : "app.connect.key",
                $"'{descriptor.Key}' is installed in this tenant as Forge app {previousForge.AppId}; another app cannot take its place.")]);
        }

        var operation = previous is null ? AuditOperations.AppInstall
            : previous.State == InstallationStates.Uninstalled ? AuditOperations.AppReinstall
            : AuditOperations.AppUpgrade;
        // The shared secret never reaches a pure Forge app; an adopted Connect app keeps the one it signs its calls with.
        var sharedSecret = previous?.SharedSecret ?? SecretGenerator.NewSecret();
        var adopted = previous is not null && previousForge is null;
        var (saved, purged) = await write.RunAsync(tenant.Id, Actors.Operator, async work =>
        {
            var saved = await installations.SaveInstalledAsync(
                work.Scope, tenant.Id, descriptor.Key, sharedSecret, descriptor.Raw.ToJsonString(), "{}", cancellationToken,
                previous?.SigningSecret);
            var purged = previous is null ? [] : await PurgeOnStaticClashAsync(work, saved, descriptor, cancellationToken);
            work.Audit(descriptor.Key, operation, [], adopted
                ? $"adopted by Forge app {manifest.AppId}: manifest as descriptor version {saved.DescriptorVersion}"
                : $"Forge app {manifest.AppId}: manifest as descriptor version {saved.DescriptorVersion}");
            work.RecordModuleChange(descriptor.Key, operation, purged);
            return (saved, purged);
        }, cancellationToken);
        LogManifestInstalled(logger, manifest.AppId, descriptor.Key, tenant.Key, operation);
        // As for a descriptor install: Forge tells an app of its install, not of an upgrade (DESIGN §4.5).
        if (operation != AuditOperations.AppUpgrade)
        {
            await forgeEvents.QueueAsync(tenant, saved, ForgeLifecycleEvents.Installed, cancellationToken);
        }

        return new InstallOutcome.Installed(saved, operation, purged);
    }

    /// <summary>
    /// The new manifest with the endpoints an earlier Connect → Forge migration derived for this installation that it no
    /// longer declares (on remotes it still declares), so the migrated triggers keep delivering; null when none is missing.
    /// </summary>
    private async Task<JsonObject?> WithDerivedEndpointsAsync(Tenant tenant, Installation previous, AppDescriptor descriptor, CancellationToken cancellationToken)
    {
        var derived = (await migrations.ListAsync(tenant.Id, previous.Id, cancellationToken)).Select(m => m.DerivedEndpoint).OfType<DerivedForgeEndpoint>().ToList();
        if (derived.Count == 0)
        {
            return null;
        }

        var manifest = (JsonObject)descriptor.Raw.DeepClone();
        // Read back from its text, as the stored version will be (YAML scalars become plain JSON there).
        return DerivedEndpointManifest.AddTo(manifest, derived, descriptor.EndpointKeys, descriptor.Remotes.Keys.ToHashSet(StringComparer.Ordinal)) > 0
            ? JsonNode.Parse(manifest.ToJsonString())!.AsObject()
            : null;
    }

    /// <summary>Uninstalls: the signed <c>uninstalled</c> callback, then the state change; dynamic modules are kept.</summary>
    /// <returns>The callback's result, or null when the app is not installed.</returns>
    public async Task<LifecycleCallbackResult?> UninstallAsync(Tenant tenant, string tenantBaseUrl, string appKey, CancellationToken cancellationToken)
    {
        using var activity = StartLifecycle("uninstall app", tenant, appKey);
        var installation = await installations.FindAsync(tenant.Id, appKey, cancellationToken);
        if (installation is null || installation.State == InstallationStates.Uninstalled)
        {
            return null;
        }

        var descriptor = descriptors.DescriptorOf(installation);
        // The operator's decision stands whatever the app answers; the answer goes into the audit record.
        var callback = descriptor.Lifecycle.Uninstalled is { } path
            ? await callbacks.SendAsync(descriptor.BaseUrl, path, LifecyclePayload(descriptor, tenant, tenantBaseUrl, "uninstalled", null),
                tenant.ClientKey, null, Timeout, cancellationToken)
            : LifecycleCallbackResult.NotDeclared("uninstalled");
        await ChangeStateAsync(tenant, installation, InstallationStates.Uninstalled, AuditOperations.AppUninstall, callback.Describe(), cancellationToken);
        await forgeEvents.QueueAsync(tenant, installation, ForgeLifecycleEvents.Uninstalled, cancellationToken);
        return callback;
    }

    /// <summary>Enables or disables an installed app, sending the matching HS256 callback.</summary>
    /// <returns>The callback's result, or null when the app is not installed.</returns>
    public async Task<LifecycleCallbackResult?> SetEnabledAsync(
        Tenant tenant, string tenantBaseUrl, string appKey, bool enable, CancellationToken cancellationToken)
    {
        using var activity = StartLifecycle(enable ? "enable app" : "disable app", tenant, appKey);
        var installation = await installations.FindAsync(tenant.Id, appKey, cancellationToken);
        if (installation is null || installation.State == InstallationStates.Uninstalled)
        {
            return null;
        }

        var descriptor = descriptors.DescriptorOf(installation);
        var eventType = enable ? "enabled" : "disabled";
        var path = enable ? descriptor.Lifecycle.Enabled : descriptor.Lifecycle.Disabled;
        await ChangeStateAsync(tenant, installation, enable ? InstallationStates.Enabled : InstallationStates.Disabled,
            enable ? AuditOperations.AppEnable : AuditOperations.AppDisable, null, cancellationToken);
        return path is null
            ? LifecycleCallbackResult.NotDeclared(eventType)
            : await callbacks.SendAsync(descriptor.BaseUrl, path, LifecyclePayload(descriptor, tenant, tenantBaseUrl, eventType, null),
                tenant.ClientKey, installation.SharedSecret, Timeout, cancellationToken);
    }

    /// <summary>Sets the per-app dynamic module limit (null = the tenant default); false when the app is unknown.</summary>
    public async Task<bool> SetQuotaAsync(Tenant tenant, string appKey, int? limit, CancellationToken cancellationToken)
    {
        return await write.RunAsync(tenant.Id, Actors.Operator, async work =>
        {
            var installation = await installations.FindAsync(work.Scope, tenant.Id, appKey, cancellationToken);
            if (installation is null)
            {
                return false;
            }

            await installations.SetQuotaAsync(work.Scope, tenant.Id, installation.Id, limit, cancellationToken);
            work.Audit(appKey, AuditOperations.QuotaUpdate, [],
                $"limit {(limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "tenant default")} (was {(installation.QuotaLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "tenant default")})");
            return true;
        }, cancellationToken);
    }

    private async Task ChangeStateAsync(
        Tenant tenant, Installation installation, string state, string operation, string? details, CancellationToken cancellationToken)
    {
        await write.RunAsync(tenant.Id, Actors.Operator, async work =>
        {
            await installations.SetStateAsync(work.Scope, tenant.Id, installation.Id, state, cancellationToken);
            work.Audit(installation.AppKey, operation, [], details);
            work.RecordModuleChange(installation.AppKey, operation, []);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Connect's upgrade rule (connect.md §1.6): when the new static modules reuse a dynamic key, all of
    /// the app's dynamic modules go, so the new version can install. Audited with the clashing keys.
    /// </summary>
    private static async Task<IReadOnlyList<string>> PurgeOnStaticClashAsync(
        TenantWork work, Installation installation, AppDescriptor descriptor, CancellationToken cancellationToken)
    {
        var dynamicKeys = await DynamicModuleStore.ListKeysAsync(work.Scope, work.TenantId, installation.Id, cancellationToken);
        var clashing = dynamicKeys.Where(descriptor.StaticModuleKeys.Contains).ToList();
        if (clashing.Count == 0)
        {
            return [];
        }

        var purged = await DynamicModuleStore.DeleteAsync(work.Scope, work.TenantId, installation.Id, null, cancellationToken);
        work.Audit(installation.AppKey, AuditOperations.ModulePurge, purged,
            $"descriptor version {installation.DescriptorVersion} declares static modules with dynamic keys: {string.Join(", ", clashing)}");
        return purged;
    }

    /// <summary>
    /// The lifecycle body (connect.md §3.3). <c>installed</c> also carries <c>webhookSigningSecret</c>, the
    /// Standard Webhooks secret (<c>whsec_</c> + base64) that signs this installation's event deliveries
    /// (docs/events.md); the operator can read it again at <c>GET .../apps/{appKey}/signing-secret</c>.
    /// </summary>
    private static JsonObject LifecyclePayload(
        AppDescriptor descriptor, Tenant tenant, string tenantBaseUrl, string eventType, string? sharedSecret, string? signingSecret = null)
    {
        var payload = new JsonObject
        {
            ["key"] = descriptor.Key,
            ["clientKey"] = tenant.ClientKey,
        };
        if (sharedSecret is not null && descriptor.AuthenticationType == "jwt")
        {
            payload["sharedSecret"] = sharedSecret;
        }

        payload["baseUrl"] = tenantBaseUrl;
        payload["displayUrl"] = tenantBaseUrl;
        payload["productType"] = tenant.ProductType;
        payload["description"] = tenant.DisplayName;
        payload["eventType"] = eventType;
        payload["serverVersion"] = "1";
        payload["pluginsVersion"] = "1";
        if (signingSecret is not null)
        {
            payload["webhookSigningSecret"] = signingSecret;
        }

        return payload;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forge app {AppId} ({AppKey}) in {Tenant}: {Operation}")]
    private static partial void LogManifestInstalled(ILogger logger, string appId, string appKey, string tenant, string operation);

    private static Activity? StartLifecycle(string operation, Tenant tenant, string? appKey)
    {
        var activity = ServiceTracing.Source.StartActivity(operation);
        activity?.SetTag("dynmod.tenant", tenant.Key);
        if (appKey is not null)
        {
            activity?.SetTag("dynmod.app", appKey);
        }

        return activity;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Install of {AppKey} into {Tenant} refused by the app: {Detail}")]
    private static partial void LogInstallRefused(ILogger logger, string appKey, string tenant, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{EventType} callback of {AppKey} in {Tenant}: {Detail}")]
    private static partial void LogCallback(ILogger logger, string eventType, string appKey, string tenant, string detail);
}

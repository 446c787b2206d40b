using System.Globalization;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Audit;
using DynamicModules.Filters;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Storage;
using DynamicModules.Telemetry;
using DynamicModules.Tenants;

namespace DynamicModules.Registration;

/// <summary>
/// Registers, updates and deletes an installation's dynamic modules for both dialects: one store, one
/// catalog, one quota. Every change is one <see cref="TenantWrite"/>: all-or-nothing together with its
/// audit record and module change.
/// </summary>
/// <remarks>
/// Concurrency: the write holds the tenant's lock from its first statement, so writers of a tenant run
/// one after the other and the count-then-insert quota check is exact.
/// </remarks>
public sealed class ModuleRegistry(
    TenantWrite write,
    DynamicModuleStore store,
    InstallationStore installations,
    TenantUserStore users,
    FilterCache filters,
    AppDescriptorCache descriptors,
    ModuleRequestValidator validator,
    ServiceMetrics metrics)
{
    /// <summary>Registers a Connect batch (descriptor-shaped body, or wrapped in <c>{"modules": {...}}</c>).</summary>
    public Task<RegistrationOutcome> RegisterConnectAsync(AppCall call, JsonNode? body, CancellationToken cancellationToken) =>
        MeasuredAsync("register modules", ModuleDialect.Connect, call, () => RegisterConnectOnceAsync(call, body, cancellationToken));

    /// <summary>Registers one Forge <c>{type, data}</c> module under a new server-generated UUID key.</summary>
    public Task<RegistrationOutcome> RegisterForgeAsync(AppCall call, JsonNode? body, CancellationToken cancellationToken) =>
        MeasuredAsync("register modules", ModuleDialect.Forge, call, () => RegisterForgeOnceAsync(call, body, cancellationToken));

    /// <summary>Replaces a module's definition atomically; the path key is authoritative.</summary>
    public Task<RegistrationOutcome> UpdateForgeAsync(AppCall call, string key, JsonNode? body, CancellationToken cancellationToken) =>
        MeasuredAsync("update module", ModuleDialect.Forge, call, () => UpdateForgeOnceAsync(call, key, body, cancellationToken));

    private async Task<RegistrationOutcome> RegisterConnectOnceAsync(AppCall call, JsonNode? body, CancellationToken cancellationToken)
    {
        if (await RefusedByPolicyAsync(call, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (descriptor, context) = Prepare(call);
        var result = validator.ValidateConnect(body, context);
        return result.IsValid
            ? await InsertAsync(call, descriptor, result.Modules, ModuleDialect.Connect, cancellationToken)
            : new RegistrationOutcome.Invalid(result.Errors);
    }

    private async Task<RegistrationOutcome> RegisterForgeOnceAsync(AppCall call, JsonNode? body, CancellationToken cancellationToken)
    {
        if (await RefusedByPolicyAsync(call, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (descriptor, context) = Prepare(call);
        var result = validator.ValidateForge(body, Guid.NewGuid().ToString(), context);
        return result.IsValid
            ? await InsertAsync(call, descriptor, result.Modules, ModuleDialect.Forge, cancellationToken)
            : new RegistrationOutcome.Invalid(result.Errors);
    }

    private async Task<RegistrationOutcome> UpdateForgeOnceAsync(AppCall call, string key, JsonNode? body, CancellationToken cancellationToken)
    {
        if (await RefusedByPolicyAsync(call, cancellationToken) is { } refused)
        {
            return refused;
        }

        var result = validator.ValidateForge(body, key, Prepare(call).Context);
        if (!result.IsValid)
        {
            return new RegistrationOutcome.Invalid(result.Errors);
        }

        var entry = result.Modules.Single();
        return await write.RunAsync<RegistrationOutcome>(call.Tenant.Id, call.Actor, async work =>
        {
            if (!await store.UpdateAsync(work.Scope, call.Tenant.Id, call.Installation.Id, key, entry.Type, entry.Definition, cancellationToken))
            {
                return new RegistrationOutcome.NotFound(key);
            }

            work.Audit(call.AppKey, AuditOperations.ModuleUpdate, [key], $"type {entry.Type}");
            work.RecordModuleChange(call.AppKey, AuditOperations.ModuleUpdate, [key]);
            var updated = await DynamicModuleStore.FindAsync(work.Scope, call.Tenant.Id, call.Installation.Id, key, cancellationToken);
            return new RegistrationOutcome.Accepted([updated!]);
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the listed modules of the caller (all when <paramref name="keys"/> is null); unknown keys are
    /// ignored. Nothing is written when nothing was deleted.
    /// </summary>
    public async Task<(RegistrationOutcome Outcome, IReadOnlyList<string> Deleted)> DeleteAsync(
        AppCall call, IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        if (await RefusedByPolicyAsync(call, cancellationToken) is { } refused)
        {
            return (refused, []);
        }

        var deleted = await write.RunAsync(call.Tenant.Id, call.Actor, async work =>
        {
            var deleted = await DynamicModuleStore.DeleteAsync(work.Scope, call.Tenant.Id, call.Installation.Id, keys, cancellationToken);
            if (deleted.Count > 0)
            {
                // Nothing declared when nothing was deleted: an unknown key is not a change, and the write rolls back.
                work.Audit(call.AppKey, AuditOperations.ModuleDelete, deleted, keys is null ? "all of the app's dynamic modules" : null);
                work.RecordModuleChange(call.AppKey, AuditOperations.ModuleDelete, deleted);
            }

            return deleted;
        }, cancellationToken);
        return (new RegistrationOutcome.Accepted([]), deleted);
    }

    /// <summary>The operator deletes one dynamic module of an app; false when the app or the module is unknown.</summary>
    public async Task<bool> DeleteAsOperatorAsync(long tenantId, string appKey, string moduleKey, CancellationToken cancellationToken) =>
        await write.RunAsync(tenantId, Actors.Operator, async work =>
        {
            var installation = await installations.FindAsync(work.Scope, tenantId, appKey, cancellationToken);
            var deleted = installation is null
                ? []
                : await DynamicModuleStore.DeleteAsync(work.Scope, tenantId, installation.Id, [moduleKey], cancellationToken);
            if (deleted.Count == 0)
            {
                return false;
            }

            work.Audit(appKey, AuditOperations.ModuleDelete, deleted, "deleted by the operator");
            work.RecordModuleChange(appKey, AuditOperations.ModuleDelete, deleted);
            return true;
        }, cancellationToken);

    /// <summary>The caller's quota and the tenant's usage.</summary>
    public async Task<QuotaStatus> QuotaAsync(AppCall call, CancellationToken cancellationToken)
    {
        var (used, tenantUsed) = await store.CountsAsync(call.Tenant.Id, call.Installation.Id, cancellationToken);
        var limit = call.Installation.EffectiveLimit(call.Tenant.PerAppLimit);
        var available = Math.Max(0, limit - used);
        if (call.Tenant.TenantLimit is { } cap)
        {
            available = Math.Min(available, Math.Max(0, cap - tenantUsed));
        }

        return new QuotaStatus(limit, used, available, call.Tenant.TenantLimit, tenantUsed);
    }

    /// <summary>Runs one registration request in its own span and counts its outcome (<c>dynmod_registrations_total</c>).</summary>
    private async Task<RegistrationOutcome> MeasuredAsync(string operation, ModuleDialect dialect, AppCall call, Func<Task<RegistrationOutcome>> run)
    {
        using var activity = ServiceTracing.Source.StartActivity(operation);
        activity?.SetTag("dynmod.tenant", call.Tenant.Key);
        activity?.SetTag("dynmod.app", call.AppKey);
        activity?.SetTag("dynmod.dialect", ModuleDialects.ToText(dialect));
        var outcome = await run();
        var name = RegistrationOutcomes.NameOf(outcome);
        metrics.Registration(dialect, name);
        activity?.SetTag("dynmod.outcome", name);
        return outcome;
    }

    private async Task<RegistrationOutcome> InsertAsync(
        AppCall call, AppDescriptor descriptor, IReadOnlyList<ModuleEntry> modules, ModuleDialect dialect, CancellationToken cancellationToken)
    {
        var staticClashes = modules.Select(module => module.Key).Where(descriptor.StaticModuleKeys.Contains).ToList();
        if (staticClashes.Count > 0)
        {
            return Duplicate(call, staticClashes, "declared as static modules in the app descriptor");
        }

        return await write.RunAsync(call.Tenant.Id, call.Actor, work => InsertLockedAsync(work, call, modules, dialect, cancellationToken), cancellationToken);
    }

    private async Task<RegistrationOutcome> InsertLockedAsync(
        TenantWork work, AppCall call, IReadOnlyList<ModuleEntry> modules, ModuleDialect dialect, CancellationToken cancellationToken)
    {
        var insert = await store.InsertWithinLimitsAsync(work.Scope, call.Tenant.Id, call.Installation.Id, modules, dialect, call.Actor,
            cancellationToken);
        if (insert.NotInserted.Count > 0)
        {
            // Nothing declared, so the write rolls back whatever was inserted.
            return await RefusalAsync(work, call, modules, insert.NotInserted, cancellationToken);
        }

        var keys = modules.Select(module => module.Key).ToList();
        work.Audit(call.AppKey, AuditOperations.ModuleRegister, keys,
            $"via the {ModuleDialects.ToText(dialect)} API: {string.Join(", ", modules.Select(module => module.Type).Distinct())}");
        work.RecordModuleChange(call.AppKey, AuditOperations.ModuleRegister, keys);
        return new RegistrationOutcome.Accepted(insert.Inserted);
    }

    /// <summary>
    /// Why a batch was not inserted, read in the same write. Some of it inserted: it fitted the limits, and the keys not inserted
    /// are those the app already has. None of it: the limits are read again (nothing changed them) and, over them, a key the app
    /// already has is still the answer before the quota.
    /// </summary>
    private async Task<RegistrationOutcome> RefusalAsync(
        TenantWork work, AppCall call, IReadOnlyList<ModuleEntry> modules, IReadOnlyList<string> notInserted, CancellationToken cancellationToken)
    {
        if (notInserted.Count < modules.Count)
        {
            return Duplicate(call, notInserted, "already registered as dynamic modules");
        }

        var check = await DynamicModuleStore.QuotaCheckAsync(work.Scope, call.Tenant.Id, call.Installation.Id, cancellationToken);
        if (QuotaProblem(call, check, modules.Count) is not { } overQuota)
        {
            return Duplicate(call, notInserted, "already registered as dynamic modules");
        }

        var taken = await store.TakenKeysAsync(work.Scope, call.Tenant.Id, call.Installation.Id, notInserted, cancellationToken);
        return taken.Count > 0 ? Duplicate(call, taken, "already registered as dynamic modules") : overQuota;
    }

    /// <summary>Checks the limits read inside the transaction (<see cref="DynamicModuleStore.QuotaCheckAsync"/>), so an operator's concurrent change is honoured too.</summary>
    private static RegistrationOutcome.OverQuota? QuotaProblem(AppCall call, ModuleQuotaCheck check, int adding)
    {
        var used = check.Used;
        var limit = check.Limits.PerApp;
        if (used + adding > limit)
        {
            return new RegistrationOutcome.OverQuota(string.Create(CultureInfo.InvariantCulture,
                $"Registering {adding} module(s) would exceed the limit of {limit} dynamic modules for app {call.AppKey} in this tenant ({used} registered, {Math.Max(0, limit - used)} available)."));
        }

        if (check.Limits.TenantTotal is { } cap && check.TenantUsed is { } tenantUsed && tenantUsed + adding > cap)
        {
            return new RegistrationOutcome.OverQuota(string.Create(CultureInfo.InvariantCulture,
                $"Registering {adding} module(s) would exceed the tenant-wide cap of {cap} dynamic modules ({tenantUsed} registered by all apps, {Math.Max(0, cap - tenantUsed)} available)."));
        }

        return null;
    }

    private async Task<RegistrationOutcome?> RefusedByPolicyAsync(AppCall call, CancellationToken cancellationToken)
    {
        if (call.Subject is null)
        {
            return call.Tenant.AllowAsApp
                ? null
                : new RegistrationOutcome.Forbidden(
                    "This tenant does not allow apps to change dynamic modules as themselves; the call must act for a user (JWT sub).");
        }

        if (call.Tenant.RegistrationPolicy != RegistrationPolicies.ProductAdmin)
        {
            return null;
        }

        var roles = await users.RolesAsync(call.Tenant.Id, call.Subject, cancellationToken);
        return roles.Contains(RegistrationPolicies.ProductAdminRole, StringComparer.Ordinal)
            ? null
            : new RegistrationOutcome.Forbidden(
                $"This tenant only lets product admins change dynamic modules, and user {call.Subject} does not hold the '{RegistrationPolicies.ProductAdminRole}' role.");
    }

    /// <summary>The caller's stored descriptor, parsed once per call, and the validation context built from it.</summary>
    private (AppDescriptor Descriptor, ModuleValidationContext Context) Prepare(AppCall call)
    {
        var descriptor = descriptors.DescriptorOf(call.Installation);
        return (descriptor, descriptor.ValidationContext(
            call.Tenant.ProductType,
            TranslationTable.FromJson(call.Installation.Translations),
            (language, source) => filters.GetOrCompile(language, source).Errors));
    }

    private static RegistrationOutcome.Duplicate Duplicate(AppCall call, IReadOnlyList<string> keys, string why) =>
        new(keys, $"The app {call.AppKey} has duplicate module keys: [{string.Join(", ", keys)}] ({why}). Nothing was registered.");
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Apps.Forge;
using DynamicModules.Audit;
using DynamicModules.Configuration;
using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Storage;
using DynamicModules.Tenants;
using Microsoft.Extensions.Options;

namespace DynamicModules.Migration;

/// <summary>
/// Connect → Forge migration of an adopted installation's dynamic modules (DESIGN §4.6): the plan, and its
/// application as one <see cref="TenantWrite"/> (lock, delete the converted Connect modules, insert their Forge
/// modules, store the derived endpoints as the next descriptor version, record the conversions, audit, change record,
/// commit, then the caches and the subscription index hear of it). The plan an application carries out is computed
/// inside that write, under the tenant lock, so it is the plan of the state it changes.
/// </summary>
/// <remarks>
/// On top of the planner's answer the service checks what only the server knows: the Forge module must validate as a
/// dynamic module of this installation (type policy, scopes, endpoint keys, filters), its key must be free, and a
/// derived endpoint's route must be a plain path (Forge routes have no template variables and no query). A conversion
/// failing a check is answered as staying a Connect module with the reason, in the dry run and the application alike.
/// </remarks>
public sealed class ForgeMigrationService(
    TenantWrite write,
    InstallationStore installations,
    DynamicModuleStore modules,
    ModuleMigrationStore migrations,
    AppDescriptorCache descriptors,
    ModuleRequestValidator validator,
    FilterCache filters,
    EventCatalog events,
    IOptions<DynamicModulesOptions> options,
    TimeProvider time)
{
    private readonly DynamicModuleTypePolicy typePolicy = new(options.Value.DynamicTypes);

    /// <summary>The plan for the tenant's app <paramref name="appKey"/>; changes nothing.</summary>
    public async Task<ForgeMigrationOutcome> PlanAsync(Tenant tenant, string appKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var installation = await installations.FindAsync(tenant.Id, appKey, cancellationToken);
        return installation is null
            ? new ForgeMigrationOutcome.UnknownApp($"No app '{appKey}' in tenant '{tenant.Key}'.")
            : await PlanAsync(tenant, installation, cancellationToken);
    }

    /// <summary>The plan for <paramref name="installation"/> (the app-facing read); changes nothing.</summary>
    public async Task<ForgeMigrationOutcome> PlanAsync(Tenant tenant, Installation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(installation);
        var descriptor = descriptors.DescriptorOf(installation);
        if (NotAdoptedReason(installation, descriptor) is { } why)
        {
            return new ForgeMigrationOutcome.NotAdopted(why);
        }

        var current = await modules.ListAsync(tenant.Id, installation.Id, null, 0, int.MaxValue, cancellationToken);
        var migrated = await migrations.ListAsync(tenant.Id, installation.Id, cancellationToken);
        var plan = Compute(tenant, installation, descriptor, current, migrated);
        return new ForgeMigrationOutcome.Answered(false, plan.Entries(ModuleMigrationStatuses.Planned));
    }

    /// <summary>Applies the plan all-or-nothing; running it again changes nothing.</summary>
    public Task<ForgeMigrationOutcome> ApplyAsync(Tenant tenant, string appKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return write.RunAsync<ForgeMigrationOutcome>(tenant.Id, Actors.Operator, async work =>
        {
            var installation = await installations.FindAsync(work.Scope, tenant.Id, appKey, cancellationToken);
            if (installation is null)
            {
                return new ForgeMigrationOutcome.UnknownApp($"No app '{appKey}' in tenant '{tenant.Key}'.");
            }

            var descriptor = descriptors.DescriptorOf(installation);
            if (NotAdoptedReason(installation, descriptor) is { } why)
            {
                return new ForgeMigrationOutcome.NotAdopted(why);
            }

            var current = await DynamicModuleStore.ListAsync(work.Scope, tenant.Id, installation.Id, cancellationToken);
            var migrated = await ModuleMigrationStore.ListAsync(work.Scope, tenant.Id, installation.Id, cancellationToken);
            var plan = Compute(tenant, installation, descriptor, current, migrated);
            var converting = plan.Converting;
            if (converting.Count == 0)
            {
                // No audit record declared: the write rolls back, and nothing (not even the module version) changes.
                return new ForgeMigrationOutcome.Answered(false, plan.Entries(ModuleMigrationStatuses.Converted));
            }

            if (await QuotaProblemAsync(work.Scope, tenant, installation, current.Count, converting.Count, converting.Count, cancellationToken) is { } over)
            {
                return new ForgeMigrationOutcome.OverQuota(over);
            }

            if (plan.AugmentedManifest is { } manifest)
            {
                await InstallationStore.AppendDescriptorVersionAsync(work.Scope, tenant.Id, installation, manifest.ToJsonString(), time, cancellationToken);
            }

            var oldKeys = converting.Select(c => c.Plan.Key).ToList();
            await DynamicModuleStore.DeleteAsync(work.Scope, tenant.Id, installation.Id, oldKeys, cancellationToken);
            foreach (var (converted, definition) in converting)
            {
                await modules.InsertAsync(work.Scope, tenant.Id, installation.Id, converted.NewKey!, converted.ForgeType!, ModuleDialect.Forge, definition,
                    Actors.Operator, cancellationToken);
                await migrations.RecordAsync(work.Scope, tenant.Id, installation.Id, converted, cancellationToken);
            }

            var newKeys = converting.Select(c => c.Plan.NewKey!).ToList();
            work.Audit(installation.AppKey, AuditOperations.ModuleMigrate, oldKeys, Describe(converting));
            work.RecordModuleChange(installation.AppKey, AuditOperations.ModuleMigrate, oldKeys.Concat(newKeys).Distinct(StringComparer.Ordinal).ToList());
            return new ForgeMigrationOutcome.Answered(true, plan.Entries(ModuleMigrationStatuses.Converted));
        }, cancellationToken);
    }

    /// <summary>Why the installation cannot be migrated, or null when it can.</summary>
    private static string? NotAdoptedReason(Installation installation, AppDescriptor descriptor)
    {
        if (installation.State == InstallationStates.Uninstalled)
        {
            return $"The app '{installation.AppKey}' is uninstalled; install its Forge manifest (with app.connect.key) first.";
        }

        if (descriptor.Forge is null)
        {
            return $"The app '{installation.AppKey}' is installed from a Connect descriptor: install its Forge manifest with app.connect.key: {installation.AppKey} over it first (DESIGN §4.6), then migrate.";
        }

        return descriptor.Forge.ConnectKey is null
            ? $"The app '{installation.AppKey}' is a Forge app without app.connect.key: it adopted no Connect app, so it has no Connect modules to migrate."
            : null;
    }

    /// <summary>
    /// Conversions are one Forge module per Connect module, so the count does not grow; the limits are read inside the
    /// transaction all the same, and an application that would end above a limit it grows past is refused whole.
    /// </summary>
    private static async Task<string?> QuotaProblemAsync(
        WriteScope scope, Tenant tenant, Installation installation, long used, int removing, int adding, CancellationToken cancellationToken)
    {
        var resulting = used - removing + adding;
        if (resulting <= used)
        {
            return null;
        }

        // The limits and the tenant's count in one read, as a registration checks them.
        var check = await DynamicModuleStore.QuotaCheckAsync(scope, tenant.Id, installation.Id, cancellationToken);
        if (resulting > check.Limits.PerApp)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Applying the migration would leave app {installation.AppKey} with {resulting} dynamic modules, over its limit of {check.Limits.PerApp} ({used} registered). Nothing was changed.");
        }

        if (check.Limits.TenantTotal is { } cap && check.TenantUsed is { } tenantUsed && tenantUsed - removing + adding > cap)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Applying the migration would exceed the tenant-wide cap of {cap} dynamic modules ({tenantUsed} registered by all apps). Nothing was changed.");
        }

        return null;
    }

    private static string Describe(IReadOnlyList<(ModuleMigrationPlan Plan, JsonObject Definition)> converting)
    {
        var mapped = converting.Select(c => $"{c.Plan.Key} ({c.Plan.Type}) → {c.Plan.NewKey} ({c.Plan.ForgeType})"
            + (c.Plan.DerivedEndpoint is { } endpoint ? $" via derived endpoint {endpoint.Key} ({endpoint.Remote} {endpoint.Route})" : ""));
        return "Connect → Forge: " + string.Join(", ", mapped);
    }

    /// <summary>The planner's plan for the installation's Connect modules, checked against what only the server knows.</summary>
    private MigrationPlan Compute(
        Tenant tenant, Installation installation, AppDescriptor descriptor, IReadOnlyList<DynamicModule> current, IReadOnlyList<MigratedModule> migrated)
    {
        var manifest = descriptor.Forge!;
        var connect = current.Where(IsConnectModule).ToList();
        var taken = descriptor.StaticModuleKeys.Concat(current.Where(m => !IsConnectModule(m)).Select(m => m.Key)).ToHashSet(StringComparer.Ordinal);
        var offered = connect.Select(m => new ConnectModuleToMigrate(m.Key, m.Type, JsonSerializer.SerializeToElement(m.Definition))).ToList();
        var translations = TranslationTable.FromJson(installation.Translations);
        var planned = ForgeMigrationPlanner.Plan(offered, new MigrationPlanContext(tenant.ProductType, manifest, taken)
        {
            ResourceKeys = descriptor.ResourceKeys,
            ConnectBaseUrl = descriptor.BaseUrl,
            Events = events,
            TypePolicy = typePolicy,
            Validation = descriptor.ValidationContext(tenant.ProductType, translations, (language, source) => filters.GetOrCompile(language, source).Errors),
        }).ToList();

        FitDerivedKeys(planned, descriptor);
        // Derived endpoints: plain routes only, on a declared remote, under a key the manifest does not use.
        for (var i = 0; i < planned.Count; i++)
        {
            if (planned[i] is { Converts: true, DerivedEndpoint: { } endpoint } plan && DerivedEndpointProblem(endpoint, manifest, descriptor) is { } problem)
            {
                planned[i] = ModuleMigrationPlan.Stays(plan.Key, plan.Type, problem);
            }
        }

        var (augmented, checkedDescriptor, augmentErrors) = Augment(descriptor, planned);
        if (augmented is not null && checkedDescriptor is null)
        {
            for (var i = 0; i < planned.Count; i++)
            {
                if (planned[i] is { Converts: true, DerivedEndpoint: not null } plan)
                {
                    planned[i] = ModuleMigrationPlan.Stays(plan.Key, plan.Type,
                        $"The endpoint derived for its URL does not make a valid manifest endpoint ({augmentErrors}), so it stays a Connect webhook.");
                }
            }

            (augmented, checkedDescriptor) = (null, descriptor);
        }

        var context = checkedDescriptor!.ValidationContext(tenant.ProductType, translations,
            (language, source) => filters.GetOrCompile(language, source).Errors);
        var definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i < planned.Count; i++)
        {
            if (planned[i] is not { Converts: true } plan)
            {
                continue;
            }

            var checkedModule = plan.ForgeType is null || plan.NewKey is null || plan.Data is null
                ? null
                : validator.ValidateForge(new JsonObject { ["type"] = plan.ForgeType, ["data"] = plan.Data.DeepClone() }, plan.NewKey, context);
            if (checkedModule is null || !checkedModule.IsValid)
            {
                var errors = checkedModule is null ? "the plan names no Forge type, key or data"
                    : string.Join("; ", checkedModule.Errors.Select(e => $"{e.Path}: {e.Message}"));
                planned[i] = ModuleMigrationPlan.Stays(plan.Key, plan.Type, $"The Forge {plan.ForgeType} it would become is not a valid dynamic module here: {errors}.");
                continue;
            }

            definitions[plan.Key] = checkedModule.Modules.Single().Definition;
        }

        ReleaseClashingKeys(planned, taken, definitions);
        var converting = planned.Where(p => p.Converts).Select(p => (p, definitions[p.Key])).ToList();
        // A derived endpoint no conversion uses any more is not stored.
        if (augmented is not null && !converting.Any(c => c.p.DerivedEndpoint is not null))
        {
            augmented = null;
        }
        else if (augmented is not null)
        {
            augmented = Augment(descriptor, planned).Manifest;
        }

        var currentKeys = connect.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var earlier = migrated.Where(m => !currentKeys.Contains(m.OldKey)).ToList();
        return new MigrationPlan(planned, converting, earlier, augmented);
    }

    /// <summary>
    /// Gives a derived endpoint whose key the manifest would refuse (a manifest declaration key is at most
    /// <see cref="ForgeManifestParser.MaxDeclarationKeyLength"/> characters of <c>[a-zA-Z0-9_-]</c>) a key it accepts, <c>migrated-</c> and a digest
    /// of the route, unique among the manifest's keys; the trigger's <c>endpoint</c> follows.
    /// </summary>
    private static void FitDerivedKeys(List<ModuleMigrationPlan> planned, AppDescriptor descriptor)
    {
        var used = descriptor.StaticModuleKeys.Concat(planned.Select(p => p.DerivedEndpoint?.Key).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < planned.Count; i++)
        {
            if (planned[i] is not { Converts: true, DerivedEndpoint: { } endpoint, Data: { } data } plan || IsManifestKey(endpoint.Key))
            {
                continue;
            }

            if (!renamed.TryGetValue(endpoint.Key, out var key))
            {
                var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(endpoint.Route)));
                key = "migrated-" + digest[..8];
                for (var n = 2; used.Contains(key); n++)
                {
                    key = string.Create(CultureInfo.InvariantCulture, $"migrated-{digest[..8]}-{n}");
                }

                used.Add(key);
                renamed[endpoint.Key] = key;
            }

            var fitted = (JsonObject)data.DeepClone();
            fitted["endpoint"] = key;
            planned[i] = plan with { Data = fitted, DerivedEndpoint = endpoint with { Key = key } };
        }
    }

    private static bool IsManifestKey(string key) =>
        key.Length > 0 && key.Length <= ForgeManifestParser.MaxDeclarationKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A converted module whose new key is not free (static, another module's, another conversion's) stays Connect.</summary>
    private static void ReleaseClashingKeys(List<ModuleMigrationPlan> planned, HashSet<string> taken, Dictionary<string, JsonObject> definitions)
    {
        // Keys of modules that stay are in use; a conversion turned back frees nothing, so repeat until nothing changes.
        var changed = true;
        while (changed)
        {
            changed = false;
            var inUse = new HashSet<string>(taken, StringComparer.Ordinal);
            inUse.UnionWith(planned.Where(p => !p.Converts).Select(p => p.Key));
            var claimed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < planned.Count; i++)
            {
                if (planned[i] is not { Converts: true } plan)
                {
                    continue;
                }

                if (inUse.Contains(plan.NewKey!) || !claimed.Add(plan.NewKey!))
                {
                    planned[i] = ModuleMigrationPlan.Stays(plan.Key, plan.Type, $"The Forge key '{plan.NewKey}' it would take is already used by another module of the app.");
                    definitions.Remove(plan.Key);
                    changed = true;
                }
            }
        }
    }

    /// <summary>The manifest with the planned derived endpoints appended, and its parse (null when it does not parse); nulls when none.</summary>
    private static (JsonObject? Manifest, AppDescriptor? Descriptor, string Errors) Augment(AppDescriptor descriptor, IReadOnlyList<ModuleMigrationPlan> planned)
    {
        var manifest = (JsonObject)descriptor.Raw.DeepClone();
        var added = DerivedEndpointManifest.AddTo(manifest, planned.Where(p => p.Converts).Select(p => p.DerivedEndpoint).OfType<DerivedForgeEndpoint>(),
            descriptor.EndpointKeys, descriptor.Forge!.Remotes.Keys.ToHashSet(StringComparer.Ordinal));
        if (added == 0)
        {
            return (null, descriptor, string.Empty);
        }

        // Parsed from its text, as the descriptor cache will parse the stored version.
        var (parsed, errors) = ForgeManifestParser.Parse(JsonNode.Parse(manifest.ToJsonString()));
        return (manifest, errors.Count == 0 ? parsed : null, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    private static string? DerivedEndpointProblem(DerivedForgeEndpoint endpoint, ForgeManifest manifest, AppDescriptor descriptor)
    {
        if (!manifest.Remotes.ContainsKey(endpoint.Remote))
        {
            return $"Its URL would need an endpoint on remote '{endpoint.Remote}', which the manifest does not declare.";
        }

        if (descriptor.Endpoints.TryGetValue(endpoint.Key, out var declared))
        {
            return declared.Remote == endpoint.Remote && declared.RoutePath == endpoint.Route
                ? null
                : $"The endpoint key '{endpoint.Key}' it would derive is already declared in the manifest for another route.";
        }

        if (endpoint.Route.Length == 0 || endpoint.Route[0] != '/' || endpoint.Route.StartsWith("//", StringComparison.Ordinal)
            || endpoint.Route.IndexOfAny(['{', '}', '?', '#', ' ', '\\']) >= 0 || endpoint.Route.Split('/').Any(s => s is "." or ".."))
        {
            return $"Its URL '{endpoint.Route}' is not a plain path (it has template variables, a query or dot segments), which a Forge endpoint route cannot carry; it stays a Connect webhook.";
        }

        return null;
    }

    /// <summary>Connect-typed modules are the migration's input, whichever API registered them.</summary>
    private static bool IsConnectModule(DynamicModule module) =>
        ModuleCatalog.Default.TryGet(module.Type, out var definition) && definition.Dialect == ModuleDialect.Connect;

    /// <summary>A computed plan: every Connect module's plan, the conversions with their validated definitions, the earlier conversions.</summary>
    private sealed record MigrationPlan(
        IReadOnlyList<ModuleMigrationPlan> Modules,
        IReadOnlyList<(ModuleMigrationPlan Plan, JsonObject Definition)> Converting,
        IReadOnlyList<MigratedModule> Earlier,
        JsonObject? AugmentedManifest)
    {
        public List<ModuleMigrationEntry> Entries(string convertingStatus)
        {
            var definitions = Converting.ToDictionary(c => c.Plan.Key, c => c.Definition, StringComparer.Ordinal);
            var entries = Earlier.Select(m => new ModuleMigrationEntry(m.OldKey, m.OldType, ModuleMigrationStatuses.AlreadyConverted, m.NewType, m.NewKey, null,
                null, m.DerivedEndpoint)).ToList();
            entries.AddRange(Modules.Select(p => p.Converts
                ? new ModuleMigrationEntry(p.Key, p.Type, convertingStatus, p.ForgeType, p.NewKey, (JsonObject)definitions[p.Key].DeepClone(), null, p.DerivedEndpoint)
                : new ModuleMigrationEntry(p.Key, p.Type, ModuleMigrationStatuses.StaysConnect, null, null, null, p.Reason, null)));
            return entries;
        }
    }
}

using DynamicModules.Apps;
using DynamicModules.Audit;
using DynamicModules.Installations;
using DynamicModules.Modules.Store;
using DynamicModules.Tenants;

namespace DynamicModules.Visibility;

/// <summary>
/// The operator sets or clears a module's visibility override. Each change is one <see cref="TenantWrite"/>: the
/// override, its audit record and a module change (a version bump, so caches, ETags and the change feed follow).
/// </summary>
public sealed class VisibilityOverrides(
    TenantWrite write, InstallationStore installations, DynamicModuleStore modules, VisibilityOverrideStore store, AppDescriptorCache descriptors)
{
    /// <summary>Whether the app declares or registered <paramref name="moduleKey"/>, and its override (null when none).</summary>
    public async Task<(bool Found, ModuleVisibility? Override)> FindAsync(long tenantId, string appKey, string moduleKey, CancellationToken cancellationToken)
    {
        var installation = await installations.FindAsync(tenantId, appKey, cancellationToken);
        if (installation is null
            || (!Declares(installation, moduleKey) && await modules.FindAsync(tenantId, installation.Id, moduleKey, cancellationToken) is null))
        {
            return (false, null);
        }

        return (true, await store.FindAsync(tenantId, installation.Id, moduleKey, cancellationToken));
    }

    /// <summary>Sets the override of <paramref name="moduleKey"/>; false when the app or the module is unknown.</summary>
    public Task<bool> SetAsync(long tenantId, string appKey, string moduleKey, ModuleVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return write.RunAsync(tenantId, Actors.Operator, async work =>
        {
            if (await FindModuleOwnerAsync(work, appKey, moduleKey, cancellationToken) is not { } installation)
            {
                return false;
            }

            await store.SetAsync(work.Scope, tenantId, installation.Id, moduleKey, visibility, cancellationToken);
            work.Audit(appKey, AuditOperations.ModuleVisibility, [moduleKey], "override set by the operator: " + visibility.ToJson().ToJsonString());
            work.RecordModuleChange(appKey, AuditOperations.ModuleVisibility, [moduleKey]);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Clears the override of <paramref name="moduleKey"/>, so its own visibility applies again; null when the app or
    /// the module is unknown, false when it had no override (nothing is written then).
    /// </summary>
    public Task<bool?> ClearAsync(long tenantId, string appKey, string moduleKey, CancellationToken cancellationToken) =>
        write.RunAsync<bool?>(tenantId, Actors.Operator, async work =>
        {
            if (await FindModuleOwnerAsync(work, appKey, moduleKey, cancellationToken) is not { } installation)
            {
                return null;
            }

            if (!await VisibilityOverrideStore.ClearAsync(work.Scope, tenantId, installation.Id, moduleKey, cancellationToken))
            {
                return false;
            }

            work.Audit(appKey, AuditOperations.ModuleVisibility, [moduleKey], "override cleared by the operator");
            work.RecordModuleChange(appKey, AuditOperations.ModuleVisibility, [moduleKey]);
            return true;
        }, cancellationToken);

    /// <summary>The installation of <paramref name="appKey"/> when it declares or registered <paramref name="moduleKey"/>.</summary>
    private async Task<Installation?> FindModuleOwnerAsync(TenantWork work, string appKey, string moduleKey, CancellationToken cancellationToken)
    {
        var installation = await installations.FindAsync(work.Scope, work.TenantId, appKey, cancellationToken);
        if (installation is null)
        {
            return null;
        }

        return Declares(installation, moduleKey) || await DynamicModuleStore.FindAsync(work.Scope, work.TenantId, installation.Id, moduleKey, cancellationToken) is not null
            ? installation
            : null;
    }

    private bool Declares(Installation installation, string moduleKey) =>
        descriptors.DescriptorOf(installation).StaticModules.Values
            .Any(declared => declared.Any(module => string.Equals(module.Key, moduleKey, StringComparison.Ordinal)));
}

using System.Globalization;
using DynamicModules.Audit;

namespace DynamicModules.Tenants;

/// <summary>Creates and updates tenants and their users' roles, each change committed together with its audit record.</summary>
public sealed class TenantSetup(TenantWrite write, TenantStore tenants, TenantUserStore users)
{
    /// <summary>Creates the tenant <paramref name="key"/> or updates its settings.</summary>
    /// <returns>The tenant as saved, and whether it was created.</returns>
    public async Task<(Tenant Tenant, bool Created)> SaveAsync(
        string key, TenantSettings settings, int defaultPerAppLimit, CancellationToken cancellationToken)
    {
        (Tenant Saved, bool Created, Tenant? Previous)? upsert = null;
        await write.RunAsync(
            async scope =>
            {
                upsert = await tenants.UpsertAsync(scope, key, settings, defaultPerAppLimit, cancellationToken);
                return upsert.Value.Saved.Id;
            },
            Actors.Operator,
            work =>
            {
                var (saved, created, previous) = upsert!.Value;
                work.Audit(null, Operation(created, previous, saved), [], Details(saved));
                return Task.FromResult(true);
            },
            cancellationToken);
        return (upsert!.Value.Saved, upsert.Value.Created);
    }

    /// <summary>Sets a user's roles, replacing the previous ones.</summary>
    public Task SetRolesAsync(long tenantId, string accountId, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        write.RunAsync(tenantId, Actors.Operator, async work =>
        {
            await users.SetRolesAsync(work.Scope, tenantId, accountId, roles, cancellationToken);
            work.Audit(null, AuditOperations.UserRoles, [], $"{accountId}: [{string.Join(", ", roles)}]");
            // Roles decide which modules a user sees (visibility, admin conditions): a new module version makes the
            // next render-time read, on every node, see them. No app made this change, hence no app key.
            work.RecordModuleChange("", AuditOperations.UserRoles, []);
            return true;
        }, cancellationToken);

    private static string Operation(bool created, Tenant? previous, Tenant saved) =>
        created ? AuditOperations.TenantCreate
        : previous is not null && (previous.PerAppLimit != saved.PerAppLimit || previous.TenantLimit != saved.TenantLimit)
            ? AuditOperations.QuotaUpdate
            : AuditOperations.TenantUpdate;

    private static string Details(Tenant saved) =>
        $"perApp={saved.PerAppLimit} tenantTotal={saved.TenantLimit?.ToString(CultureInfo.InvariantCulture) ?? "off"} policy={saved.RegistrationPolicy} allowAsApp={saved.AllowAsApp}";
}

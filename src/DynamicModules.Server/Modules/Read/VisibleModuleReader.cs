using DynamicModules.Tenants;
using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// The render-time read with a viewing context (DESIGN §4.8): the modules of a snapshot that the viewer may see, with
/// the roles the tenant gave them, cached per query shape and context in the snapshot.
/// </summary>
public sealed class VisibleModuleReader(TenantUserStore users, ILogger<VisibleModuleReader> logger)
{
    /// <summary>The answer for <paramref name="query"/>; the roles are read only when the answer is not cached yet.</summary>
    public async ValueTask<ContextAnswer> ReadAsync(TenantModuleSnapshot snapshot, ContextQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.CachedAnswer(query) is { } cached)
        {
            return cached;
        }

        var roles = query.Context.User is { } user
            ? await snapshot.RolesOfAsync(user, (account, token) => users.RolesAsync(snapshot.TenantId, account, token), cancellationToken)
            : new HashSet<string>();
        return snapshot.Answer(query, new Viewer(query.Context, roles), logger);
    }
}

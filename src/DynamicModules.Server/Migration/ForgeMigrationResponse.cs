using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DynamicModules.Migration;

namespace DynamicModules.Server.Migration;

/// <summary>A migration plan, or what applying it did (DESIGN §4.6; docs/connect-to-forge-migration.md).</summary>
/// <param name="Tenant">The tenant key.</param>
/// <param name="AppKey">The app key (the Connect key the Forge app adopted).</param>
/// <param name="DryRun">True when nothing was to change.</param>
/// <param name="Applied">True when this call changed something.</param>
/// <param name="Modules">Every Connect dynamic module of the app, and those an earlier application converted.</param>
public sealed record ForgeMigrationResponse(string Tenant, string AppKey, bool DryRun, bool Applied, IReadOnlyList<ModuleMigrationResponse> Modules)
{
    /// <summary>Maps the service's entries.</summary>
    public static ForgeMigrationResponse From(string tenant, string appKey, bool dryRun, bool applied, IReadOnlyList<ModuleMigrationEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new ForgeMigrationResponse(tenant, appKey, dryRun, applied, entries.Select(ModuleMigrationResponse.From).ToList());
    }
}

/// <summary>One module of a migration answer; members that do not apply to its status are absent.</summary>
/// <param name="Key">The Connect module key.</param>
/// <param name="Type">The Connect module type.</param>
/// <param name="Status"><c>planned</c>, <c>converted</c>, <c>alreadyConverted</c> or <c>staysConnect</c>.</param>
/// <param name="ForgeType">The Forge module type it becomes or became (not for <c>staysConnect</c>).</param>
/// <param name="NewKey">The Forge module key it becomes or became (not for <c>staysConnect</c>).</param>
/// <param name="Data">The Forge definition it becomes (<c>planned</c>, <c>converted</c>).</param>
/// <param name="Reason">Why it stays a Connect module (<c>staysConnect</c> only).</param>
/// <param name="DerivedEndpoint">The endpoint derived for the trigger it becomes, when the manifest declares none at the webhook's URL.</param>
public sealed record ModuleMigrationResponse(
    string Key,
    string Type,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ForgeType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NewKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DerivedEndpointResponse? DerivedEndpoint)
{
    /// <summary>Maps one entry.</summary>
    public static ModuleMigrationResponse From(ModuleMigrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ModuleMigrationResponse(entry.Key, entry.Type, entry.Status, entry.ForgeType, entry.NewKey, entry.Data, entry.Reason,
            entry.DerivedEndpoint is { } endpoint ? new DerivedEndpointResponse(endpoint.Key, endpoint.Remote, endpoint.Route) : null);
    }
}

/// <summary>An endpoint the migration derives (or derived) on <c>app.connect.remote</c>, with the webhook's URL as its route.</summary>
/// <param name="Key">The endpoint key the trigger names.</param>
/// <param name="Remote">The remote key.</param>
/// <param name="Route">The route path.</param>
public sealed record DerivedEndpointResponse(string Key, string Remote, string Route);

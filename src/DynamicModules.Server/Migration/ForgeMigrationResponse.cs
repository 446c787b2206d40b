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

/// <summary>One module of a migration answer; members that do not apply to its status are absent (never null).</summary>
public sealed class ModuleMigrationResponse
{
    /// <summary>The Connect module key.</summary>
    public required string Key { get; init; }

    /// <summary>The Connect module type.</summary>
    public required string Type { get; init; }

    /// <summary><c>planned</c>, <c>converted</c>, <c>alreadyConverted</c> or <c>staysConnect</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The Forge module type it becomes or became (not for <c>staysConnect</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ForgeType { get; init; }

    /// <summary>The Forge module key it becomes or became (not for <c>staysConnect</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NewKey { get; init; }

    /// <summary>The Forge definition it becomes (<c>planned</c>, <c>converted</c>); absent otherwise.</summary>
    /// <remarks>
    /// Declared non-nullable so that the document describes it as any JSON object (a nullable JsonObject is described
    /// as null only); it is null, and then not written, for the other statuses.
    /// </remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject Data { get; init; } = null!;

    /// <summary>Why it stays a Connect module (<c>staysConnect</c> only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>The endpoint derived for the trigger it becomes or became, when the manifest declares none at the webhook's URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DerivedEndpointResponse? DerivedEndpoint { get; init; }

    /// <summary>Maps one entry.</summary>
    public static ModuleMigrationResponse From(ModuleMigrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ModuleMigrationResponse
        {
            Key = entry.Key,
            Type = entry.Type,
            Status = entry.Status,
            ForgeType = entry.ForgeType,
            NewKey = entry.NewKey,
            Data = entry.Data!,
            Reason = entry.Reason,
            DerivedEndpoint = entry.DerivedEndpoint is { } endpoint ? new DerivedEndpointResponse(endpoint.Key, endpoint.Remote, endpoint.Route) : null,
        };
    }
}

/// <summary>An endpoint the migration derives (or derived) on <c>app.connect.remote</c>, with the webhook's URL as its route.</summary>
/// <param name="Key">The endpoint key the trigger names.</param>
/// <param name="Remote">The remote key.</param>
/// <param name="Route">The route path.</param>
public sealed record DerivedEndpointResponse(string Key, string Remote, string Route);

using System.Text.Json.Nodes;

namespace DynamicModules.Migration;

/// <summary>
/// The plan for one Connect dynamic module: converted (<see cref="ForgeType"/>, <see cref="NewKey"/> and
/// <see cref="Data"/> set, <see cref="Reason"/> null) or staying a Connect module (<see cref="Reason"/> set, the
/// Forge members null).
/// </summary>
/// <param name="Key">The Connect module key.</param>
/// <param name="Type">The Connect module type.</param>
/// <param name="ForgeType">The Forge module type it becomes.</param>
/// <param name="NewKey">The Forge module key it becomes.</param>
/// <param name="Data">The Forge module definition.</param>
/// <param name="Reason">Why the module stays a Connect module.</param>
/// <param name="DerivedEndpoint">
/// For triggers whose target is not declared in the manifest: the endpoint derived on <c>app.connect.remote</c>
/// with the webhook's <c>url</c> as route (DESIGN §4.6); <see cref="Data"/> names its key.
/// </param>
public sealed record ModuleMigrationPlan(
    string Key,
    string Type,
    string? ForgeType,
    string? NewKey,
    JsonObject? Data,
    string? Reason,
    DerivedForgeEndpoint? DerivedEndpoint)
{
    /// <summary>True when the module converts to a Forge module.</summary>
    public bool Converts => Reason is null;

    /// <summary>A plan that keeps the module as a Connect module, for <paramref name="reason"/>.</summary>
    public static ModuleMigrationPlan Stays(string key, string type, string reason) =>
        new(key, type, null, null, null, reason, null);
}

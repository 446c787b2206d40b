using System.Text.Json.Nodes;

namespace DynamicModules.Migration;

/// <summary>One module of a migration answer.</summary>
/// <param name="Key">The Connect module key.</param>
/// <param name="Type">The Connect module type.</param>
/// <param name="Status">One of <see cref="ModuleMigrationStatuses"/>.</param>
/// <param name="ForgeType">The Forge type it becomes or became; null when it stays a Connect module.</param>
/// <param name="NewKey">The Forge module key it becomes or became; null when it stays a Connect module.</param>
/// <param name="Data">The Forge definition it becomes (planned, converted); null otherwise.</param>
/// <param name="Reason">Why it stays a Connect module; null otherwise.</param>
/// <param name="DerivedEndpoint">The endpoint derived for the trigger it becomes or became, if any.</param>
public sealed record ModuleMigrationEntry(
    string Key, string Type, string Status, string? ForgeType, string? NewKey, JsonObject? Data, string? Reason, DerivedForgeEndpoint? DerivedEndpoint);

namespace DynamicModules.Migration;

/// <summary>A Connect dynamic module an earlier migration converted to a Forge module.</summary>
/// <param name="OldKey">The Connect module key.</param>
/// <param name="OldType">The Connect module type.</param>
/// <param name="NewKey">The key of the Forge module it became.</param>
/// <param name="NewType">The Forge module type.</param>
/// <param name="DerivedEndpoint">The endpoint derived for the trigger it became, when the manifest declared none at its URL.</param>
/// <param name="MigratedAt">When it was converted.</param>
public sealed record MigratedModule(string OldKey, string OldType, string NewKey, string NewType, DerivedForgeEndpoint? DerivedEndpoint, DateTimeOffset MigratedAt);

namespace DynamicModules.Server.Tenants;

/// <summary>A user's roles after a change.</summary>
/// <param name="AccountId">The user.</param>
/// <param name="Roles">Every role the user now holds, each once, in ordinal order.</param>
public sealed record UserRolesResponse(string AccountId, IReadOnlyList<string> Roles);

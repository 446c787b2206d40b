namespace DynamicModules.Apps.Forge;

/// <summary>
/// An endpoint's <c>auth</c>: whether requests to it carry an app system token (<c>x-forge-oauth-system</c>) and,
/// when a user acts, an app user token (<c>x-forge-oauth-user</c>). The manifest writes each as a boolean or
/// as <c>{enabled: boolean}</c>; absent means false.
/// </summary>
public sealed record ForgeEndpointAuth(bool AppSystemToken, bool AppUserToken)
{
    /// <summary>No tokens.</summary>
    public static ForgeEndpointAuth None { get; } = new(false, false);
}

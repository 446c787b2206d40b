namespace DynamicModules.Apps;

/// <summary>
/// An endpoint declared in the descriptor or manifest (<c>modules.endpoint</c>): a route on one of the app's remotes.
/// Requests to it follow the Forge Remote contract (docs/forge-apps.md).
/// </summary>
/// <param name="Key">The endpoint key.</param>
/// <param name="RoutePath">The route path; events for it are delivered there, relative to the remote's base URL.</param>
/// <param name="Remote">The key of the remote (<c>remotes[].key</c>) it lives on; null means the app base URL.</param>
/// <param name="AppSystemToken">Requests carry an app system token (<c>auth.appSystemToken</c>) in <c>x-forge-oauth-system</c>.</param>
/// <param name="AppUserToken">Requests on behalf of a user carry an app user token (<c>auth.appUserToken</c>) in <c>x-forge-oauth-user</c>.</param>
public sealed record AppDescriptorEndpoint(
    string Key, string RoutePath, string? Remote = null, bool AppSystemToken = false, bool AppUserToken = false);

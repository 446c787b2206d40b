namespace DynamicModules.ForgeRemote;

/// <summary>
/// What one request to a Forge remote is about; it becomes the FIT's claims and decides the token headers.
/// </summary>
/// <param name="AppId">The app id (<c>aud</c>, <c>app.id</c>).</param>
/// <param name="AppKey">The app key of the installation (app tokens name it).</param>
/// <param name="AppVersion">The app version (<c>app.appVersion</c>).</param>
/// <param name="ClientKey">The tenant's clientKey (<c>context.cloudId</c>).</param>
/// <param name="ApiBaseUrl">The tenant base URL the remote calls back under (<c>app.apiBaseUrl</c>).</param>
/// <param name="ModuleType">The module that caused the request (<c>app.module.type</c>): <c>trigger</c> or <c>endpoint</c>.</param>
/// <param name="ModuleKey">Its key (<c>app.module.key</c>, <c>context.moduleKey</c>).</param>
/// <param name="AccountId">The acting user (<c>principal</c>), or null when no user acts.</param>
/// <param name="SendSystemToken">The endpoint asks for <c>x-forge-oauth-system</c>.</param>
/// <param name="SendUserToken">The endpoint asks for <c>x-forge-oauth-user</c> (sent only when a user acts).</param>
public sealed record ForgeInvocation(
    string AppId,
    string AppKey,
    string AppVersion,
    string ClientKey,
    string ApiBaseUrl,
    string ModuleType,
    string ModuleKey,
    string? AccountId,
    bool SendSystemToken,
    bool SendUserToken);

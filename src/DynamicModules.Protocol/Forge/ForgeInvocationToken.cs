using System.Text.Json;

namespace DynamicModules.Protocol.Forge;

/// <summary>The verified claims of a Forge Invocation Token (DESIGN §4.5), as a remote reads them.</summary>
/// <param name="AppId">The app id (<c>aud</c> and <c>app.id</c>), an <c>ari:cloud:ecosystem::app/…</c> string.</param>
/// <param name="InstallationId">The installation the invocation is for (<c>app.installationId</c>).</param>
/// <param name="ApiBaseUrl">The tenant base URL the remote calls back with its app token (<c>app.apiBaseUrl</c>).</param>
/// <param name="AppVersion">The installed app version (<c>app.appVersion</c>), when sent.</param>
/// <param name="EnvironmentType">The environment type (<c>app.environment.type</c>), when sent.</param>
/// <param name="ModuleType">The invoked module's type (<c>app.module.type</c>), when sent.</param>
/// <param name="ModuleKey">The invoked module's key (<c>app.module.key</c>), when sent.</param>
/// <param name="Principal">The acting user's account id; null when no user acts.</param>
/// <param name="TokenId">The token's <c>jti</c>, for replay detection; null when absent.</param>
/// <param name="ExpiresAt">When the token expires (<c>exp</c>).</param>
/// <param name="Context">The <c>context</c> claim; <see cref="JsonValueKind.Undefined"/> when absent.</param>
/// <param name="Claims">Every claim, for what this type does not name.</param>
public sealed record ForgeInvocationToken(
    string AppId,
    string InstallationId,
    string ApiBaseUrl,
    string? AppVersion,
    string? EnvironmentType,
    string? ModuleType,
    string? ModuleKey,
    string? Principal,
    string? TokenId,
    DateTimeOffset ExpiresAt,
    JsonElement Context,
    JsonElement Claims);

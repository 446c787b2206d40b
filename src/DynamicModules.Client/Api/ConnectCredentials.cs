namespace DynamicModules.Client.Api;

/// <summary>What an installed Connect app signs its calls to one tenant with, as the <c>installed</c> callback gave it.</summary>
/// <param name="AppKey">The app's descriptor key (the token's <c>iss</c>).</param>
/// <param name="SharedSecret">The installation's shared secret (HS256 key).</param>
/// <param name="BaseUrl">The tenant base URL from the install payload, e.g. <c>http://127.0.0.1:5080/t/acme</c>.</param>
/// <param name="ClientKey">The tenant's clientKey; when set it is sent as <c>aud</c>, as atlassian-connect-express does.</param>
public sealed record ConnectCredentials(string AppKey, string SharedSecret, string BaseUrl, string? ClientKey = null);

namespace DynamicModules.Apps.Forge;

/// <summary>A remote back end of a Forge app (<c>remotes[]</c>).</summary>
/// <param name="Key">The remote key endpoints refer to.</param>
/// <param name="BaseUrl">
/// The absolute http(s) base URL without trailing <c>/</c>, query or fragment: <c>baseUrl</c>, or
/// <c>baseUrl.default</c> when the manifest gives region-specific URLs.
/// </param>
public sealed record ForgeRemote(string Key, string BaseUrl);

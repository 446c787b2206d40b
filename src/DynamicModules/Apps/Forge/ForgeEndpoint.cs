namespace DynamicModules.Apps.Forge;

/// <summary>A remote endpoint of a Forge app (<c>modules.endpoint[]</c>).</summary>
/// <param name="Key">The endpoint key triggers, resolvers and <c>invoke</c> name.</param>
/// <param name="Remote">The key of the remote (<see cref="ForgeManifest.Remotes"/>) that hosts it.</param>
/// <param name="RoutePath">
/// <c>route.path</c>, starting with <c>/</c>, appended to the remote's base URL; <c>/</c> when the manifest has no route.
/// </param>
/// <param name="Auth">Which app tokens requests to this endpoint carry.</param>
public sealed record ForgeEndpoint(string Key, string Remote, string RoutePath, ForgeEndpointAuth Auth);

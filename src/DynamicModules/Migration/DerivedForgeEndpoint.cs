namespace DynamicModules.Migration;

/// <summary>
/// A Forge endpoint the migration derives because no manifest endpoint targets a webhook's URL (DESIGN §4.6).
/// </summary>
/// <param name="Key">The endpoint key; never one of the manifest's endpoint keys.</param>
/// <param name="Remote">The remote it lives on: the manifest's <c>app.connect.remote</c>.</param>
/// <param name="Route">The route path, starting with <c>/</c>: the webhook's <c>url</c>.</param>
public sealed record DerivedForgeEndpoint(string Key, string Remote, string Route);

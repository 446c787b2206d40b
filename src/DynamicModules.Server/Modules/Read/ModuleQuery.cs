namespace DynamicModules.Server.Modules.Read;

/// <summary>The filters of a module read; each null when not given. Also the key of a cached answer.</summary>
/// <param name="App">Only this app's modules.</param>
/// <param name="Type">Only modules of this type.</param>
/// <param name="Location">Only modules whose <c>definition.location</c> is this string.</param>
public readonly record struct ModuleQuery(string? App, string? Type, string? Location)
{
    /// <summary>True when <paramref name="module"/> passes every filter given.</summary>
    public bool Matches(ServedModule module) =>
        (App is null || string.Equals(module.AppKey, App, StringComparison.Ordinal))
        && (Type is null || string.Equals(module.Type, Type, StringComparison.Ordinal))
        && (Location is null || string.Equals(module.Location, Location, StringComparison.Ordinal));
}

using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Read;

/// <summary>One module as the render-time read serves it, with its JSON already written.</summary>
/// <param name="AppKey">The app that declared or registered it.</param>
/// <param name="Key">The module key.</param>
/// <param name="Type">The catalog type name.</param>
/// <param name="Source"><c>static</c> (from the descriptor) or <c>dynamic</c> (registered at runtime).</param>
/// <param name="Location"><c>definition.location</c> when it is a string (web items, panels, sections), else null.</param>
/// <param name="Json">The entry as UTF-8 JSON: <c>{appKey, key, type, source, dialect, definition}</c>.</param>
/// <param name="Rules">What decides who sees it (visibility and the conditions the service can decide), for reads with a viewing context.</param>
public sealed record ServedModule(string AppKey, string Key, string Type, string Source, string? Location, byte[] Json, ModuleRules Rules)
{
    /// <summary>The source of modules declared in a descriptor.</summary>
    public const string Static = "static";

    /// <summary>The source of modules registered at runtime.</summary>
    public const string Dynamic = "dynamic";
}

using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Read;

/// <summary>A module read with a viewing context: the filters and the context. Also the key of a cached answer.</summary>
/// <param name="Query">The app, type and location filters.</param>
/// <param name="Context">Who views, and where.</param>
public readonly record struct ContextQuery(ModuleQuery Query, ViewingContext Context);

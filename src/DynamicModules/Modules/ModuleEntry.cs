using System.Text.Json.Nodes;

namespace DynamicModules.Modules;

/// <summary>
/// A validated module: its type, its key and its definition (i18n resolved for dynamic modules, with
/// <c>key</c> set inside it). Treat <see cref="Definition"/> as read-only.
/// </summary>
public sealed record ModuleEntry(string Type, string Key, JsonObject Definition);

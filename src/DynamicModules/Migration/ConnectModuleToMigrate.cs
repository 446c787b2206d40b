using System.Text.Json;

namespace DynamicModules.Migration;

/// <summary>One Connect dynamic module of an installation, as stored, offered to the migration planner.</summary>
/// <param name="Key">The module key.</param>
/// <param name="Type">The Connect module type (<c>webhooks</c>, <c>webItems</c>, ...).</param>
/// <param name="Definition">The stored definition: a JSON object.</param>
public sealed record ConnectModuleToMigrate(string Key, string Type, JsonElement Definition);

using System.Text.Json;
using System.Text.Json.Serialization;
using DynamicModules.Server.Errors;

namespace DynamicModules.Server.Migration;

/// <summary>Source-generated JSON of the migration routes' answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ForgeMigrationResponse))]
[JsonSerializable(typeof(ConnectMessage))]
internal sealed partial class ForgeMigrationJson : JsonSerializerContext;

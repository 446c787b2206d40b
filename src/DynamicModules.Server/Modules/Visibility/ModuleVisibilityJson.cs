using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Modules.Visibility;

/// <summary>Source-generated JSON of the visibility override routes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(VisibilityRequest))]
[JsonSerializable(typeof(ModuleVisibilityResponse))]
internal sealed partial class ModuleVisibilityJson : JsonSerializerContext;

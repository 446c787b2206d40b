using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>Source-generated JSON of the Forge Remote routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InvokeRequest))]
[JsonSerializable(typeof(JwksResponse))]
internal sealed partial class ForgeRemoteJson : JsonSerializerContext;

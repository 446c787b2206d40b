using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Events;

/// <summary>Source-generated JSON of the event routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishResponse))]
internal sealed partial class EventsJson : JsonSerializerContext;

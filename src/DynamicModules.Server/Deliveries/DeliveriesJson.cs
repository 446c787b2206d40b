using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Deliveries;

/// <summary>Source-generated JSON of the delivery routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(ReplayResponse))]
[JsonSerializable(typeof(DeliveryListResponse))]
[JsonSerializable(typeof(RedeliverResponse))]
[JsonSerializable(typeof(SigningSecretResponse))]
internal sealed partial class DeliveriesJson : JsonSerializerContext;

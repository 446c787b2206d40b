using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Admin;

/// <summary>Source-generated JSON of the admin link route's request and response.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AdminLinkRequest))]
[JsonSerializable(typeof(AdminEndpoints.AdminLinkResponse))]
internal sealed partial class AdminJson : JsonSerializerContext;

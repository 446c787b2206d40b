using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Installations;

/// <summary>Source-generated JSON of the installation routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InstallRequest))]
[JsonSerializable(typeof(QuotaRequest))]
[JsonSerializable(typeof(InstallResponse))]
[JsonSerializable(typeof(InstallationResponse))]
[JsonSerializable(typeof(List<InstallationResponse>))]
[JsonSerializable(typeof(LifecycleActionResponse))]
internal sealed partial class InstallationsJson : JsonSerializerContext;

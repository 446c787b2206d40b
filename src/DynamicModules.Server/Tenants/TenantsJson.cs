using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Tenants;

/// <summary>Source-generated JSON of the tenant routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TenantRequest))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(List<TenantResponse>))]
[JsonSerializable(typeof(TenantEndpoints.AuditPageResponse))]
[JsonSerializable(typeof(UserRolesRequest))]
[JsonSerializable(typeof(UserRolesResponse))]
internal sealed partial class TenantsJson : JsonSerializerContext;

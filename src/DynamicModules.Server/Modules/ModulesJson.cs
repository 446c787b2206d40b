using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DynamicModules.Registration;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Modules.Admin;
using DynamicModules.Server.Modules.Forge;
using DynamicModules.Server.Modules.Read;

namespace DynamicModules.Server.Modules;

/// <summary>
/// Source-generated JSON of the module routes' requests and responses. Member names are matched exactly, as the
/// Connect and Forge APIs do (and as these routes did when they read bodies by hand).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ForgeModuleRequest))]
[JsonSerializable(typeof(ForgeModuleResponse))]
[JsonSerializable(typeof(ForgeModulePage))]
[JsonSerializable(typeof(Dictionary<string, List<JsonObject>>))]
[JsonSerializable(typeof(QuotaStatus))]
[JsonSerializable(typeof(ModuleListResponse))]
[JsonSerializable(typeof(ChangeFeedResult.ChangeEventData))]
[JsonSerializable(typeof(ModuleAdminEndpoints.TenantQuotasResponse))]
[JsonSerializable(typeof(ConnectMessage))]
[JsonSerializable(typeof(AppErrorResponses.ValidationMessage))]
[JsonSerializable(typeof(AppErrorResponses.DuplicateMessage))]
internal sealed partial class ModulesJson : JsonSerializerContext;

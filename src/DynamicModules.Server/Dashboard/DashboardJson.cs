using System.Text.Json;
using System.Text.Json.Serialization;
using DynamicModules.Dashboard;

namespace DynamicModules.Server.Dashboard;

/// <summary>Source-generated JSON of the dashboard's answer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(DashboardFigures))]
internal sealed partial class DashboardJson : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicModules.Server.Expressions;

/// <summary>Source-generated JSON of the expression routes' requests and responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AnalyseRequest))]
[JsonSerializable(typeof(ExpressionAnalyseEndpoints.AnalysisResponse))]
[JsonSerializable(typeof(EvaluateRequest))]
[JsonSerializable(typeof(ExpressionPlaygroundEndpoints.EvaluationResponse))]
internal sealed partial class ExpressionsJson : JsonSerializerContext;

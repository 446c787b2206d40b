using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynamicModules.Cli.Service;

/// <summary>Body of <c>PUT /api/v1/tenants/{tenant}</c>.</summary>
internal sealed record TenantBody(string ProductType, string DisplayName);

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/apps</c>: exactly one member is set (nulls are left out).</summary>
internal sealed record InstallBody
{
    public string? DescriptorUrl { get; init; }

    public JsonObject? Descriptor { get; init; }

    public string? ManifestUrl { get; init; }

    public string? Manifest { get; init; }
}

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/deliveries/replay</c>.</summary>
internal sealed record ReplayBody(DateTimeOffset From, DateTimeOffset To, string? Status);

/// <summary>Body of <c>POST /api/v1/expressions/analyse</c> for one expression.</summary>
internal sealed record AnalyseBody(IReadOnlyList<string> Expressions, string Language);

/// <summary>Body of <c>POST /api/v1/expressions/evaluate</c>.</summary>
/// <remarks>A payload of JSON <c>null</c> is still sent: it is a payload to evaluate against, not a missing one.</remarks>
internal sealed record EvaluateBody(string Expression, string Language, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Payload);

/// <summary>Source-generated serialization of the request bodies, in the API's camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TenantBody))]
[JsonSerializable(typeof(InstallBody))]
[JsonSerializable(typeof(ReplayBody))]
[JsonSerializable(typeof(AnalyseBody))]
[JsonSerializable(typeof(EvaluateBody))]
internal sealed partial class OperatorJson : JsonSerializerContext;

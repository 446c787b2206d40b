using System.Text.Json;
using System.Text.Json.Serialization;
using AutoAssign.Assignments;
using AutoAssign.Rules;

namespace AutoAssign;

/// <summary>The app's JSON shapes, generated at build time (the slim builder has no reflection serializer).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(RuleCreated))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(IReadOnlyList<Assignment>))]
internal sealed partial class AutoAssignJson : JsonSerializerContext;

/// <summary>An error answer, <c>{message}</c>.</summary>
/// <param name="Text">What was wrong.</param>
internal sealed record Message([property: JsonPropertyName("message")] string Text);

using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Modules.Forge;

/// <summary>Body of the Forge v2 <c>POST</c> and <c>PUT</c>: <c>{type, data}</c>, on update optionally with the module's <c>key</c>.</summary>
/// <param name="Type">The module type, e.g. <c>trigger</c> or <c>jira:entityProperty</c>.</param>
/// <param name="Data">The module's definition, checked by the module catalog against its type.</param>
public sealed record ForgeModuleRequest(string? Type, JsonObject? Data) : IJsonRequest<ForgeModuleRequest>
{
    /// <summary>On update, the module's key; the path key is authoritative and a different one here is refused (so it may be left out).</summary>
    public string? Key { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<ForgeModuleRequest> JsonType => ModulesJson.Default.ForgeModuleRequest;

    /// <summary>
    /// Nothing here: a missing or empty <c>type</c> and a missing <c>data</c> are reported by the catalog together with
    /// the problems of the definition, in the messages the Forge clients are tested against.
    /// </summary>
    public IEnumerable<RequestError> Validate() => [];

    /// <summary>The key the body names, at the top or inside <c>data</c> (Forge echoes it there), when it is a string.</summary>
    public string? NamedKey() =>
        Key ?? (Data?["key"] is JsonValue value && value.TryGetValue<string>(out var inData) ? inData : null);

    /// <summary>The body as the catalog reads it.</summary>
    public JsonObject ToModuleBody() => new() { ["type"] = Type, ["data"] = Data?.DeepClone() };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Cli.Output;

/// <summary>Reads members of the service's answers for tables, tolerating members a newer service adds or drops.</summary>
internal static class Json
{
    /// <summary>The member as text: strings as they are, numbers and Booleans invariantly, arrays joined, missing as "".</summary>
    public static string Text(this JsonNode? node, string member) => Format(node?[member]);

    /// <summary>The node as text (see <see cref="Text(JsonNode?, string)"/>).</summary>
    public static string Format(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonArray array => string.Join(", ", array.Select(Format)),
        _ => value.ToJsonString(),
    };

    /// <summary>The member as an array (empty when missing or not an array).</summary>
    public static IEnumerable<JsonNode?> Items(this JsonNode? node, string? member = null) =>
        (member is null ? node : node?[member]) as JsonArray ?? [];

    /// <summary>An ISO 8601 time member shortened for a table (UTC, seconds).</summary>
    public static string Time(this JsonNode? node, string member) =>
        DateTimeOffset.TryParse(node.Text(member), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : node.Text(member);
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Server.Requests;

/// <summary>Typed reads of request members that record a path-keyed error instead of throwing.</summary>
public static class JsonRead
{
    /// <summary>A string member; null when absent (an error when required) or of another type (an error).</summary>
    public static string? ReadString(JsonObject body, string name, string path, List<(string Path, string Message)> errors, bool required)
    {
        var node = body[name];
        if (node is null)
        {
            if (required)
            {
                errors.Add((path, $"{path} is required."));
            }

            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add((path, $"{path} must be a string."));
        return null;
    }

    /// <summary>An optional integer member within [min, max].</summary>
    public static int? ReadInt(JsonObject body, string name, string path, int min, int max, List<(string Path, string Message)> errors)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        errors.Add((path, $"{path} must be an integer from {min} to {max}."));
        return null;
    }

    /// <summary>An optional boolean member.</summary>
    public static bool? ReadBool(JsonObject body, string name, string path, List<(string Path, string Message)> errors)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        errors.Add((path, $"{path} must be true or false."));
        return null;
    }
}

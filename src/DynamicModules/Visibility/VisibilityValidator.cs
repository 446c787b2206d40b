using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Visibility;

/// <summary>Checks a <c>visibility</c> object (module property or operator override) and reports every problem with its path.</summary>
public static class VisibilityValidator
{
    /// <summary>Most values one dimension may list.</summary>
    public const int MaxValues = 100;

    /// <summary>Longest value (role, account id, project or space key).</summary>
    public const int MaxValueLength = 256;

    /// <summary>Adds to <paramref name="errors"/> what is wrong with <paramref name="node"/> at <paramref name="path"/>.</summary>
    public static void Validate(JsonNode? node, string path, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (node is not JsonObject obj)
        {
            errors.Add(new ValidationError(path, "Must be an object like {\"roles\": [..], \"users\": [..], \"projects\": [..], \"spaces\": [..]}."));
            return;
        }

        foreach (var (name, value) in obj)
        {
            var dimensionPath = JsonPath.Property(path, name);
            if (!ModuleVisibility.Dimensions.Contains(name))
            {
                errors.Add(new ValidationError(dimensionPath, $"Unknown visibility dimension; the dimensions are {string.Join(", ", ModuleVisibility.Dimensions)}."));
            }
            else if (value is not null)
            {
                ValidateValues(value, dimensionPath, errors);
            }
        }
    }

    private static void ValidateValues(JsonNode value, string path, List<ValidationError> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add(new ValidationError(path, "Must be an array of strings."));
            return;
        }

        if (array.Count > MaxValues)
        {
            errors.Add(new ValidationError(path, $"Must list at most {MaxValues} values."));
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), "Must be a string."));
            }
            else if (item.GetValue<string>() is { Length: 0 or > MaxValueLength })
            {
                errors.Add(new ValidationError(JsonPath.Index(path, i), $"Must be 1-{MaxValueLength} characters."));
            }
        }
    }
}

using System.Text.Json.Nodes;

namespace DynamicModules.Modules;

/// <summary>Reads the modules of one type from a descriptor-shaped object: an array, or a single object for page-like types.</summary>
internal static class ModuleList
{
    public static IEnumerable<(string Path, JsonObject Module)> Read(JsonNode? value, string path, List<ValidationError> errors)
    {
        switch (value)
        {
            case JsonObject single:
                yield return (path, single);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject module)
                    {
                        yield return (JsonPath.Index(path, i), module);
                    }
                    else
                    {
                        errors.Add(new ValidationError(JsonPath.Index(path, i), "Must be a module object."));
                    }
                }

                break;
            default:
                errors.Add(new ValidationError(path, "Must be an array of module objects."));
                break;
        }
    }
}

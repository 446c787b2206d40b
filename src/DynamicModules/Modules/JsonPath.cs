namespace DynamicModules.Modules;

/// <summary>Builds the JSON paths that <see cref="ValidationError"/>s carry.</summary>
internal static class JsonPath
{
    public static string Property(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public static string Index(string prefix, int index) => $"{prefix}[{index}]";
}

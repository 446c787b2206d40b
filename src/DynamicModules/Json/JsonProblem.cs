namespace DynamicModules.Json;

/// <summary>Why a JSON document was refused, and where: <c>$</c> for the document itself, else a path like <c>webItems[0].key</c>.</summary>
public sealed record JsonProblem(string Path, string Message)
{
    /// <summary>The problem as one sentence that names its path.</summary>
    public string Describe() => Path == StrictJson.RootPath ? Message : $"{Path}: {Message}";
}

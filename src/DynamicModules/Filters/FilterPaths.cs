namespace DynamicModules.Filters;

/// <summary>
/// The payload paths one compiled filter reads by name: member chains from the payload root (<c>event.issue.fields</c>
/// for an expression, <c>issue.fields.project.key</c> for JQL). Path 0 is the root; every other path is its parent's
/// number plus one member name, and a parent is always numbered before its children. Several filters' paths are merged
/// into one <see cref="PayloadPaths"/>, which reads them all from an event in one pass.
/// </summary>
internal sealed class FilterPaths
{
    /// <summary>The number of the payload root.</summary>
    public const int Root = 0;

    private readonly Dictionary<(int Parent, string Name), int> numbers = [];
    private readonly List<(int Parent, string Name)> paths = [(-1, "")];

    /// <summary>How many paths, the root included.</summary>
    public int Count => paths.Count;

    /// <summary>The parent of <paramref name="path"/>; -1 for the root.</summary>
    public int ParentOf(int path) => paths[path].Parent;

    /// <summary>The member name that leads from the parent to <paramref name="path"/>.</summary>
    public string NameOf(int path) => paths[path].Name;

    /// <summary>The number of the path <paramref name="parent"/>.<paramref name="name"/>, added on first use.</summary>
    public int Child(int parent, string name)
    {
        if (!numbers.TryGetValue((parent, name), out var path))
        {
            path = numbers[(parent, name)] = paths.Count;
            paths.Add((parent, name));
        }

        return path;
    }
}

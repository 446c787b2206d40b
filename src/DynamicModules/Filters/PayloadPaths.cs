using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace DynamicModules.Filters;

/// <summary>
/// The union of the payload paths a group of filters reads (the subscribers of one event type in one tenant), as one
/// tree of member names. <see cref="Extract"/> reads every path from an event in one pass: each object on a path is
/// enumerated once, whatever the number of filters reading below it, and nothing off the paths is touched. The filters
/// then evaluate over the extracted values (<see cref="BoundFilter.Evaluate"/>, each filter bound to the merged paths) instead of
/// each walking the payload again.
/// </summary>
/// <remarks>
/// A property is looked up exactly as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> does, so values
/// are the same as the filters' own walks: names compare after unescaping, and of duplicate names the last one wins.
/// </remarks>
internal sealed class PayloadPaths
{
    // Above this many children a node's names are looked up in a dictionary rather than compared one by one.
    private const int LinearLookupLimit = 8;

    // Names up to this many UTF-8 bytes are decoded on the stack for a dictionary lookup; longer ones are compared one by one.
    private const int MaxStackName = 256;

    private readonly byte[][] utf8Names;
    private readonly int[][] children;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[] lookups;
    private readonly int longestName;

    private PayloadPaths(List<(int Parent, string Name)> paths)
    {
        Count = paths.Count;
        utf8Names = paths.Select(p => Encoding.UTF8.GetBytes(p.Name)).ToArray();
        var childLists = paths.Select(_ => new List<int>()).ToArray();
        for (var path = 1; path < paths.Count; path++)
        {
            childLists[paths[path].Parent].Add(path);
        }

        children = childLists.Select(list => list.ToArray()).ToArray();
        lookups = children.Select(kids => kids.Length > LinearLookupLimit
            ? kids.ToDictionary(kid => paths[kid].Name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>()
            : (Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?)null).ToArray();
        longestName = utf8Names.Max(name => name.Length);
    }

    /// <summary>How many paths, the root included; the size of an <see cref="ExtractedPayload"/>.</summary>
    public int Count { get; }

    /// <summary>
    /// Merges the paths of <paramref name="filters"/> (null entries stand for subscribers without a filter) and returns,
    /// for each filter, the map from its own path numbers (<see cref="FilterPaths"/>) to the merged ones; null for null.
    /// </summary>
    public static PayloadPaths Merge(IReadOnlyList<CompiledFilter?> filters, out int[]?[] slots)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var numbers = new Dictionary<(int Parent, string Name), int>();
        var paths = new List<(int Parent, string Name)> { (-1, "") };
        slots = new int[]?[filters.Count];
        for (var i = 0; i < filters.Count; i++)
        {
            if (filters[i]?.Paths is not { } own)
            {
                continue;
            }

            var map = new int[own.Count];
            for (var path = 1; path < own.Count; path++)
            {
                // Parents are numbered before children, so the parent's merged number is already known.
                var key = (map[own.ParentOf(path)], own.NameOf(path));
                if (!numbers.TryGetValue(key, out var merged))
                {
                    merged = numbers[key] = paths.Count;
                    paths.Add(key);
                }

                map[path] = merged;
            }

            slots[i] = map;
        }

        return new PayloadPaths(paths);
    }

    /// <summary>
    /// Reads every path from <paramref name="payload"/> in one pass into a rented <see cref="ExtractedPayload"/>, which the
    /// caller returns (<see cref="ExtractedPayload.Return"/>) when its filters are evaluated.
    /// </summary>
    public ExtractedPayload Extract(JsonElement payload)
    {
        var values = ExtractedPayload.Rent(payload, Count);
        values.Set(FilterPaths.Root, PayloadValue.Found(payload));
        // Paths are numbered parents first, so a node's own value is final before its children are read.
        for (var node = 0; node < Count; node++)
        {
            var kids = children[node];
            if (kids.Length == 0)
            {
                continue;
            }

            ref readonly var parent = ref values[node];
            if (!parent.Resolved || parent.Element.ValueKind != JsonValueKind.Object)
            {
                // Not an object: the filter decides what reading a member of it means (null, length, an error).
                foreach (var kid in kids)
                {
                    values.Set(kid, PayloadValue.Unresolved);
                }

                continue;
            }

            foreach (var kid in kids)
            {
                values.Set(kid, PayloadValue.Missing);
            }

            foreach (var property in parent.Element.EnumerateObject())
            {
                var kid = FindChild(node, property);
                if (kid >= 0)
                {
                    // A later duplicate overwrites an earlier one: the last one wins, as in TryGetProperty.
                    values.Set(kid, PayloadValue.Found(property.Value));
                }
            }
        }

        return values;
    }

    private int FindChild(int node, JsonProperty property)
    {
        var name = JsonMarshal.GetRawUtf8PropertyName(property);
        var kids = children[node];
        if (name.Contains((byte)'\\'))
        {
            // An escaped name: compare unescaped, as TryGetProperty does.
            foreach (var kid in kids)
            {
                if (property.NameEquals(utf8Names[kid]))
                {
                    return kid;
                }
            }

            return -1;
        }

        if (name.Length > longestName)
        {
            return -1;
        }

        if (lookups[node] is { } lookup && name.Length <= MaxStackName)
        {
            Span<char> chars = stackalloc char[MaxStackName];
            var length = Encoding.UTF8.GetChars(name, chars);
            return lookup.TryGetValue(chars[..length], out var found) ? found : -1;
        }

        foreach (var kid in kids)
        {
            if (name.SequenceEqual(utf8Names[kid]))
            {
                return kid;
            }
        }

        return -1;
    }
}

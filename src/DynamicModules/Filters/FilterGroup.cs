using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DynamicModules.Filters;

/// <summary>
/// The merged <see cref="PayloadPaths"/> of a sequence of compiled filters and each filter bound to them, shared by
/// every tenant whose subscribers of an event type have that same sequence (the same apps with the same filters: filters
/// come from one <see cref="FilterCache"/>, so equal filters are the same instances). Sharing keeps what one event reads
/// of the matching data mostly in the CPU cache however many tenants there are, and keeps it out of each tenant's index.
/// </summary>
internal sealed class FilterGroup
{
    // Bounded: past this many groups the table starts over; groups in use stay alive through the tenants holding them.
    private const int MaxShared = 4096;

    private static readonly ConcurrentDictionary<FilterSequence, FilterGroup> Shared = new();

    private readonly BoundFilter?[] bound;

    private FilterGroup(IReadOnlyList<CompiledFilter?> filters)
    {
        Paths = PayloadPaths.Merge(filters, out var slots);
        bound = [.. filters.Select((filter, i) => filter?.Bind(slots[i]!))];
    }

    /// <summary>The merged paths of the group's filters.</summary>
    public PayloadPaths Paths { get; }

    /// <summary>The group for <paramref name="filters"/> (null entries stand for subscribers without a compiled filter).</summary>
    public static FilterGroup For(CompiledFilter?[] filters)
    {
        var key = new FilterSequence(filters);
        if (Shared.TryGetValue(key, out var group))
        {
            return group;
        }

        if (Shared.Count >= MaxShared)
        {
            Shared.Clear();
        }

        return Shared.GetOrAdd(key, _ => new FilterGroup(filters));
    }

    /// <summary>Filter <paramref name="index"/> bound to <see cref="Paths"/>; null for a null filter.</summary>
    public BoundFilter? FilterOf(int index) => bound[index];

    /// <summary>A sequence of filters compared by the identity of its elements.</summary>
    private sealed class FilterSequence : IEquatable<FilterSequence>
    {
        private readonly CompiledFilter?[] filters;
        private readonly int hash;

        public FilterSequence(CompiledFilter?[] filters)
        {
            this.filters = filters;
            var hashCode = new HashCode();
            foreach (var filter in filters)
            {
                hashCode.Add(filter is null ? 0 : RuntimeHelpers.GetHashCode(filter));
            }

            hash = hashCode.ToHashCode();
        }

        public bool Equals(FilterSequence? other)
        {
            if (other is null || other.filters.Length != filters.Length)
            {
                return false;
            }

            for (var i = 0; i < filters.Length; i++)
            {
                if (!ReferenceEquals(filters[i], other.filters[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as FilterSequence);

        public override int GetHashCode() => hash;
    }
}

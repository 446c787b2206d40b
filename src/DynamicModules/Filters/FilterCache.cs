using System.Collections.Concurrent;

namespace DynamicModules.Filters;

/// <summary>
/// A bounded, thread-safe cache of compilations keyed by language and source, so a filter shared by many
/// subscribers (or re-read from storage) is compiled once. Failed compilations are cached too: they are just as
/// deterministic, and caching them stops a bad filter from being recompiled on every event.
/// </summary>
public sealed class FilterCache
{
    private readonly ConcurrentDictionary<(FilterLanguage Language, string Source), FilterCompilation> entries = new();
    private readonly FilterLimits limits;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> compilations, compiled with <paramref name="limits"/>.</summary>
    public FilterCache(int capacity = 10_000, FilterLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        this.limits = limits ?? FilterLimits.Default;
    }

    /// <summary>The most compilations kept at once.</summary>
    public int Capacity { get; }

    /// <summary>How many compilations are cached now.</summary>
    public int Count => entries.Count;

    /// <summary>Returns the cached compilation of <paramref name="source"/>, compiling and caching it on first use.</summary>
    public FilterCompilation GetOrCompile(FilterLanguage language, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = (language, source);
        if (entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var compilation = FilterCompiler.Compile(language, source, limits);
        if (entries.Count >= Capacity)
        {
            EvictSome();
        }

        // Two threads may compile the same filter at once; both results are equivalent, and the first one wins.
        return entries.GetOrAdd(key, compilation);
    }

    /// <summary>
    /// Drops about a tenth of the entries, in the dictionary's arbitrary order. Simple on purpose: filters are
    /// registered far less often than they are evaluated, and a dropped entry only costs one recompilation.
    /// </summary>
    private void EvictSome()
    {
        var toRemove = Math.Max(1, Capacity / 10);
        foreach (var key in entries.Keys.Take(toRemove))
        {
            entries.TryRemove(key, out _);
        }
    }
}

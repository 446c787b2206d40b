using System.Collections.Concurrent;
using DynamicModules.Filters;

namespace DynamicModules.Visibility;

/// <summary>
/// Compiles <c>jira_expression</c> conditions once (by source) with <c>user</c>, <c>project</c> and <c>space</c>
/// bound, through the expression engine and its limits. Bounded; failed compilations are kept too, since they are as
/// deterministic as successful ones.
/// </summary>
public sealed class ConditionExpressions
{
    /// <summary>The variables a condition expression may use.</summary>
    public static readonly IReadOnlyList<string> Variables = ["user", "project", "space"];

    private readonly ConcurrentDictionary<string, FilterCompilation> _compiled = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly FilterLimits _limits;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> compilations.</summary>
    public ConditionExpressions(int capacity = 10_000, FilterLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _limits = limits ?? FilterLimits.Default;
    }

    /// <summary>The compilation of <paramref name="source"/>, compiled on first use.</summary>
    public FilterCompilation Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_compiled.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var compilation = FilterCompiler.CompileWithVariables(source, Variables, _limits);
        if (_compiled.Count >= _capacity)
        {
            // Dropping arbitrary entries only costs a recompilation; conditions change far less often than pages render.
            foreach (var key in _compiled.Keys.Take(Math.Max(1, _capacity / 10)))
            {
                _compiled.TryRemove(key, out _);
            }
        }

        return _compiled.GetOrAdd(source, compilation);
    }
}

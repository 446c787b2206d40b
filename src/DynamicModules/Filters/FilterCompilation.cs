using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Filters;

/// <summary>The result of compiling a filter: either a reusable <see cref="CompiledFilter"/> or the errors that prevented it.</summary>
public sealed class FilterCompilation
{
    internal FilterCompilation(CompiledFilter? filter, IReadOnlyList<FilterError> errors, int cost)
    {
        Filter = filter;
        Errors = errors;
        Cost = cost;
    }

    /// <summary>True when the source compiled; <see cref="Filter"/> is then set and <see cref="Errors"/> is empty.</summary>
    [MemberNotNullWhen(true, nameof(Filter))]
    public bool Succeeded => Filter is not null;

    /// <summary>The compiled filter, or null when compilation failed.</summary>
    public CompiledFilter? Filter { get; }

    /// <summary>Syntax, type and limit errors with their positions, in source order; empty on success.</summary>
    public IReadOnlyList<FilterError> Errors { get; }

    /// <summary>
    /// A static complexity figure: the number of syntax nodes, where every node inside a list-method callback
    /// (<c>map</c>, <c>filter</c>, <c>some</c>, <c>every</c>) counts 10 times per level of nesting, as an estimate of
    /// the elements it will run for. For JQL it is the number of clauses and connectives. It is a comparison figure
    /// for the analyse endpoint, not a bound: the real bound is the step budget in <see cref="FilterLimits"/>.
    /// </summary>
    public int Cost { get; }
}

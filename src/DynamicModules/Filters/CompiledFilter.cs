using System.Text.Json;
using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters;

/// <summary>
/// Runs a compiled filter: over the payload itself (<paramref name="payload"/>, walked by the filter), or over values
/// extracted from it for a group of filters (<paramref name="extracted"/> with the filter's <paramref name="slots"/> into
/// them; both null when the filter walks the payload).
/// </summary>
internal delegate FilterOutcome FilterProgram(JsonElement payload, ExtractedPayload? extracted, int[]? slots);

/// <summary>
/// A filter that has been parsed, type-checked and compiled once; <see cref="Evaluate(JsonElement)"/> is thread-safe and
/// allocation-light, so one instance serves every event published to its subscriber.
/// </summary>
public sealed class CompiledFilter
{
    private readonly FilterProgram program;
    private readonly PathTestChain? pathTests;

    internal CompiledFilter(FilterLanguage language, FilterProgram program, FilterPaths paths, PathTestChain? pathTests = null)
    {
        Language = language;
        this.program = program;
        Paths = paths;
        this.pathTests = pathTests;
    }

    /// <summary>The language the filter was written in.</summary>
    public FilterLanguage Language { get; }

    /// <summary>The payload paths the filter reads by name; merged across filters by <see cref="PayloadPaths"/>.</summary>
    internal FilterPaths Paths { get; }

    /// <summary>
    /// Evaluates the filter against an event payload. For <see cref="FilterLanguage.Expression"/> the payload is the
    /// <c>event</c> variable; for <see cref="FilterLanguage.Jql"/> its <c>issue</c> property is matched. Never throws
    /// for bad payloads: runtime errors and budget exhaustion come back in <see cref="FilterOutcome.Error"/>.
    /// </summary>
    public FilterOutcome Evaluate(JsonElement eventPayload) => program(eventPayload, null, null);

    /// <summary>
    /// Binds the filter to the <see cref="PayloadPaths"/> that merged its paths, <paramref name="slots"/> being its map into
    /// them; the bound filter evaluates over the values extracted by those paths. <paramref name="straightLine"/> false runs
    /// a path-test chain of any length through its loop (tests compare the two forms).
    /// </summary>
    internal BoundFilter Bind(int[] slots, bool straightLine = true) => new(this, slots, pathTests?.Bind(slots) ?? default, straightLine);

    /// <summary>
    /// Runs the closure tree over extracted values (<paramref name="slots"/> being the filter's map into them), for filters
    /// of any shape; <see cref="BoundFilter.Evaluate"/> tries the path-test chain first.
    /// </summary>
    internal FilterOutcome EvaluateTree(ExtractedPayload extracted, int[] slots) => program(extracted.Root, extracted, slots);
}

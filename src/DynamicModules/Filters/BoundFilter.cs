using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters;

/// <summary>
/// A compiled filter bound to the merged paths of one group of filters (<see cref="PayloadPaths.Merge"/>): it evaluates
/// over the values extracted for that group. Binding resolves the filter's path numbers to the merged slots once, so a
/// filter that is a chain of path tests (<see cref="PathTestChain"/>) reads each value with one load, as hand-written
/// code with the slot in a field does. Immutable and thread-safe; shared by every tenant whose group it belongs to.
/// </summary>
internal sealed class BoundFilter
{
    private readonly CompiledFilter filter;
    private readonly int[] slots;
    // Inline, not a reference: the evaluation reads the tests one load from the bound filter.
    private readonly PathTestChain chain;

    public BoundFilter(CompiledFilter filter, int[] slots, PathTestChain chain)
    {
        this.filter = filter;
        this.slots = slots;
        this.chain = chain;
    }

    /// <summary>
    /// Evaluates the filter over <paramref name="extracted"/>, read by the paths it was bound to. Same outcome, steps
    /// included, as <see cref="CompiledFilter.Evaluate(System.Text.Json.JsonElement)"/> on the payload.
    /// </summary>
    public FilterOutcome Evaluate(ExtractedPayload extracted)
    {
        if (chain.Exists)
        {
            var outcome = chain.Evaluate(extracted);
            if (outcome.Steps >= 0)
            {
                return outcome;
            }
        }

        return filter.EvaluateTree(extracted, slots);
    }
}

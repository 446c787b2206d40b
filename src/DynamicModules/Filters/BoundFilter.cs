using System.Runtime.CompilerServices;
using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters;

/// <summary>
/// A compiled filter bound to the merged paths of one group of filters (<see cref="PayloadPaths.Merge"/>): it evaluates
/// over the values extracted for that group. Binding resolves the filter's path numbers to the merged slots once, so a
/// filter that is a chain of path tests (<see cref="PathTestChain"/>) reads each value with one load, as hand-written
/// code with the slot in a field does. Immutable and thread-safe; shared by every tenant whose group it belongs to.
/// </summary>
/// <remarks>
/// Chains of one to four tests, the common shapes, are held as fields of the bound filter and run as straight-line code,
/// one method per length (<see cref="BoundShape"/>): no loop over the tests, no array between the filter and a test, and
/// each method's frame holds only what its tests need. Longer chains run <see cref="PathTestChain.Evaluate"/>. Both give
/// exactly the chain's outcome, steps included, and fall back to the closure tree where the chain cannot decide.
/// </remarks>
internal sealed class BoundFilter
{
    private readonly CompiledFilter filter;
    private readonly int[] slots;
    private readonly PathTestChain chain;
    private readonly BoundShape shape;
    // The test value that lets a chain go on to its next test: true for &&, false for || (1 and 0, as Test.Run answers).
    private readonly int go;
    private readonly bool stopWhen;
    // The tests of a chain of one to four, inline: one load from the bound filter each. Unused ones stay default.
    private readonly PathTestChain.Test first;
    private readonly PathTestChain.Test second;
    private readonly PathTestChain.Test third;
    private readonly PathTestChain.Test fourth;

    /// <param name="filter">The filter.</param>
    /// <param name="slots">Its path numbers' merged slots.</param>
    /// <param name="chain">Its path-test chain bound to <paramref name="slots"/>, or default when it has none.</param>
    /// <param name="straightLine">False to run every chain through <see cref="PathTestChain.Evaluate"/> (tests compare the two).</param>
    public BoundFilter(CompiledFilter filter, int[] slots, PathTestChain chain, bool straightLine = true)
    {
        this.filter = filter;
        this.slots = slots;
        this.chain = chain;
        if (!chain.Exists)
        {
            shape = BoundShape.Tree;
            return;
        }

        var tests = chain.Tests;
        stopWhen = chain.StopWhen;
        go = stopWhen ? 0 : 1;
        shape = straightLine ? (BoundShape)Math.Min(tests.Length, (int)BoundShape.Chain) : BoundShape.Chain;
        if (shape == BoundShape.Chain)
        {
            return;
        }

        first = tests[0];
        second = tests.Length > 1 ? tests[1] : default;
        third = tests.Length > 2 ? tests[2] : default;
        fourth = tests.Length > 3 ? tests[3] : default;
    }

    /// <summary>How <see cref="Evaluate"/> runs this filter.</summary>
    public BoundShape Shape => shape;

    /// <summary>
    /// Evaluates the filter over <paramref name="extracted"/>, read by the paths it was bound to. Same outcome, steps
    /// included, as <see cref="CompiledFilter.Evaluate(System.Text.Json.JsonElement)"/> on the payload.
    /// </summary>
    /// <remarks>
    /// A jump to one method per shape, none inlined here: this frame stays empty, and each shape's frame holds only what
    /// its own tests need (inlined, the shapes made one frame of 4 KB of code saving every register on every call).
    /// </remarks>
    public FilterOutcome Evaluate(ExtractedPayload extracted) => shape switch
    {
        BoundShape.One => One(extracted),
        BoundShape.Two => Two(extracted),
        BoundShape.Three => Three(extracted),
        BoundShape.Four => Four(extracted),
        BoundShape.Chain => Chain(extracted),
        _ => Tree(extracted),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome One(ExtractedPayload extracted)
    {
        var passed = first.Run(extracted);
        return passed < 0 ? Tree(extracted) : new FilterOutcome(passed != 0, null, first.Steps);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome Two(ExtractedPayload extracted)
    {
        var passed = first.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, first.Steps);
        }

        passed = second.Run(extracted);
        return passed < 0 ? Tree(extracted) : new FilterOutcome(passed != 0, null, second.Steps);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome Three(ExtractedPayload extracted)
    {
        var passed = first.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, first.Steps);
        }

        passed = second.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, second.Steps);
        }

        passed = third.Run(extracted);
        return passed < 0 ? Tree(extracted) : new FilterOutcome(passed != 0, null, third.Steps);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome Four(ExtractedPayload extracted)
    {
        var passed = first.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, first.Steps);
        }

        passed = second.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, second.Steps);
        }

        passed = third.Run(extracted);
        if (passed != go)
        {
            return passed < 0 ? Tree(extracted) : new FilterOutcome(stopWhen, null, third.Steps);
        }

        passed = fourth.Run(extracted);
        return passed < 0 ? Tree(extracted) : new FilterOutcome(passed != 0, null, fourth.Steps);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome Chain(ExtractedPayload extracted)
    {
        var outcome = chain.Evaluate(extracted);
        return outcome.Steps >= 0 ? outcome : Tree(extracted);
    }

    // The closure tree: filters of other shapes, and chains that cannot decide (rare), so kept out of the callers' frames.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FilterOutcome Tree(ExtractedPayload extracted) => filter.EvaluateTree(extracted, slots);
}

/// <summary>How a <see cref="BoundFilter"/> runs: a straight-line chain of that many tests, a longer chain, or the closure tree.</summary>
internal enum BoundShape
{
    /// <summary>The closure tree (the filter is no chain of path tests).</summary>
    Tree,

    /// <summary>One path test.</summary>
    One,

    /// <summary>Two path tests joined by <c>&amp;&amp;</c> or <c>||</c>.</summary>
    Two,

    /// <summary>Three.</summary>
    Three,

    /// <summary>Four.</summary>
    Four,

    /// <summary>Five or more, run by <see cref="PathTestChain.Evaluate"/>.</summary>
    Chain,
}

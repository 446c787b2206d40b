namespace DynamicModules.Filters;

/// <summary>Bounds on a filter's size and work; the defaults are Forge's trigger-filter limits.</summary>
/// <param name="MaxSteps">Evaluation steps allowed per event: one per evaluated node and one per list element a callback runs for.</param>
/// <param name="MaxLength">Longest accepted source, in characters.</param>
public sealed record FilterLimits(int MaxSteps = 50_000, int MaxLength = 10_000)
{
    /// <summary>
    /// The deepest nesting a filter may have: parentheses, brackets, call arguments, arrow bodies, ternary branches,
    /// prefix operators (<c>!</c>, <c>-</c>) and right operands of a higher-precedence operator (<c>a || b &amp;&amp; c</c>)
    /// in expressions; parentheses and NOT in JQL. Deeper filters are refused
    /// with a compile error at the token that goes too deep. Fixed rather than configurable, because it is what keeps
    /// compiling and evaluating within the stack; long chains (<c>a.b.c</c>, <c>a &amp;&amp; b</c>, <c>x OR y</c>) are
    /// not nesting and have no limit but the length.
    /// </summary>
    public const int MaxNesting = 100;

    /// <summary>Forge's limits: 50,000 steps and 10,000 characters.</summary>
    public static FilterLimits Default { get; } = new();
}

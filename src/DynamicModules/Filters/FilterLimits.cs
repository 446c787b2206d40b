namespace DynamicModules.Filters;

/// <summary>Bounds on a filter's size and work; the defaults are Forge's trigger-filter limits.</summary>
/// <param name="MaxSteps">Evaluation steps allowed per event: one per evaluated node and one per list element a callback runs for.</param>
/// <param name="MaxLength">Longest accepted source, in characters.</param>
public sealed record FilterLimits(int MaxSteps = 50_000, int MaxLength = 10_000)
{
    /// <summary>Forge's limits: 50,000 steps and 10,000 characters.</summary>
    public static FilterLimits Default { get; } = new();
}

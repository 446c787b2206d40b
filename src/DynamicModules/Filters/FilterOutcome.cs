namespace DynamicModules.Filters;

/// <summary>The result of evaluating a compiled filter against one event payload.</summary>
/// <param name="Matched">True only when the filter evaluated to Boolean <c>true</c> without error.</param>
/// <param name="Error">Why evaluation failed (runtime error, non-Boolean result, step budget exhausted); null on success.</param>
/// <param name="Steps">Steps used, counted as described on <see cref="FilterLimits.MaxSteps"/>.</param>
public readonly record struct FilterOutcome(bool Matched, string? Error, int Steps);

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DynamicModules.Filters.Expressions;

/// <summary>The mutable state of one evaluation: the event, arrow-parameter slots and the step budget.</summary>
internal sealed class EvaluationContext(JsonElement @event, int maxSteps, int localCount)
{
    public JsonElement Event { get; } = @event;

    public Value[] Locals { get; } = localCount == 0 ? [] : new Value[localCount];

    public int Steps { get; private set; }

    /// <summary>Counts one step and stops the evaluation once the budget is spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        if (++Steps > maxSteps)
        {
            ThrowBudgetExceeded(maxSteps);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBudgetExceeded(int maxSteps) =>
        throw new FilterRuntimeException($"Evaluation exceeded the budget of {maxSteps} steps.");
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// The mutable state of one evaluation: the event, arrow-parameter slots, memoised payload paths and the step
/// budget. One instance per thread is reused, so evaluating allocates nothing; evaluation never re-enters itself on
/// a thread, which is what makes the reuse safe.
/// </summary>
internal sealed class EvaluationContext
{
    [ThreadStatic]
    private static EvaluationContext? spare;

    private int maxSteps;

    public JsonElement Event { get; private set; }

    /// <summary>Values extracted from the event for a group of filters, or null when the filter walks the payload itself.</summary>
    public ExtractedPayload? Extracted { get; private set; }

    /// <summary>The filter's map from its own path numbers into <see cref="Extracted"/>.</summary>
    public int[] Slots { get; private set; } = [];

    /// <summary>A scratch list for the texts of a JQL field, cleared by each user.</summary>
    public List<string> Texts { get; } = new(8);

    public Value[] Locals { get; private set; } = [];

    /// <summary>Values of shared payload paths; <see cref="ValueKind.Skipped"/> marks a path not read yet.</summary>
    public Value[] Memo { get; private set; } = [];

    public int Steps { get; private set; }

    public static EvaluationContext Rent(JsonElement @event, int maxSteps, int localCount, int memoCount, ExtractedPayload? extracted, int[]? slots)
    {
        var context = spare ?? new EvaluationContext();
        spare = null;
        context.Event = @event;
        context.Extracted = extracted;
        context.Slots = slots ?? [];
        context.maxSteps = maxSteps;
        context.Steps = 0;
        if (context.Locals.Length < localCount)
        {
            context.Locals = new Value[localCount];
        }

        if (context.Memo.Length < memoCount)
        {
            context.Memo = new Value[memoCount];
        }

        context.Memo.AsSpan(0, memoCount).Fill(Value.Skipped);
        return context;
    }

    public static void Return(EvaluationContext context)
    {
        // Drop references into the payload and to values built during evaluation, so nothing is kept alive.
        context.Event = default;
        context.Extracted = null;
        context.Slots = [];
        context.Texts.Clear();
        context.Locals.AsSpan().Clear();
        context.Memo.AsSpan().Clear();
        spare = context;
    }

    /// <summary>Counts one step and stops the evaluation once the budget is spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        if (++Steps > maxSteps)
        {
            ThrowBudgetExceeded(maxSteps);
        }
    }

    /// <summary>Counts <paramref name="count"/> steps at once, for work done once and reused.</summary>
    public void Step(int count)
    {
        Steps += count;
        if (Steps > maxSteps)
        {
            Steps = maxSteps + 1;
            ThrowBudgetExceeded(maxSteps);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBudgetExceeded(int maxSteps) =>
        throw new FilterRuntimeException($"Evaluation exceeded the budget of {maxSteps} steps.");
}

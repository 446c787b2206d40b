using System.Text.Json;

namespace DynamicModules.Filters;

/// <summary>
/// A filter that has been parsed, type-checked and compiled once; <see cref="Evaluate"/> is thread-safe and
/// allocation-light, so one instance serves every event published to its subscriber.
/// </summary>
public sealed class CompiledFilter
{
    private readonly Func<JsonElement, FilterOutcome> program;

    internal CompiledFilter(FilterLanguage language, Func<JsonElement, FilterOutcome> program)
    {
        Language = language;
        this.program = program;
    }

    /// <summary>The language the filter was written in.</summary>
    public FilterLanguage Language { get; }

    /// <summary>
    /// Evaluates the filter against an event payload. For <see cref="FilterLanguage.Expression"/> the payload is the
    /// <c>event</c> variable; for <see cref="FilterLanguage.Jql"/> its <c>issue</c> property is matched. Never throws
    /// for bad payloads: runtime errors and budget exhaustion come back in <see cref="FilterOutcome.Error"/>.
    /// </summary>
    public FilterOutcome Evaluate(JsonElement eventPayload) => program(eventPayload);
}

using System.Diagnostics;

namespace DynamicModules.Telemetry;

/// <summary>
/// The service's <see cref="ActivitySource"/>: spans for publish → match → each delivery attempt, registration and the install
/// lifecycle (docs/observability.md). Static, as ActivitySource is meant to be: with no listener it costs a null check.
/// </summary>
public static class ServiceTracing
{
    /// <summary>The source name a tracer provider subscribes to.</summary>
    public const string SourceName = "DynamicModules";

    /// <summary>The source every span of the library starts from.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a span continuing the trace stored with an event (W3C <c>traceparent</c>/<c>tracestate</c>), or a new trace when
    /// none was stored or it does not parse; null when nobody listens.
    /// </summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    /// <summary>The W3C <c>traceparent</c> of the current span, to be stored with work that continues later; null without one.</summary>
    public static (string? TraceParent, string? TraceState) CurrentContext() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>Marks <paramref name="activity"/> failed with a short reason (the span status description).</summary>
    public static void Fail(this Activity? activity, string? reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}

namespace DynamicModules.Migration;

/// <summary>
/// The outcome of translating a webhook's JQL filter: the equivalent expression over the trigger's <c>event</c>,
/// or the reason no exact equivalent exists (exactly one of the two is non-null).
/// </summary>
public sealed record JqlTranslation(string? Expression, string? Reason);

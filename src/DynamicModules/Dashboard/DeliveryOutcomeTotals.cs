namespace DynamicModules.Dashboard;

/// <summary>The outcome counts of a window.</summary>
/// <param name="Succeeded">Attempts answered 2xx.</param>
/// <param name="Retried">Failed attempts that were retried.</param>
/// <param name="Failed">Deliveries given up without retrying.</param>
/// <param name="Dead">Deliveries dead-lettered.</param>
public sealed record DeliveryOutcomeTotals(long Succeeded, long Retried, long Failed, long Dead);

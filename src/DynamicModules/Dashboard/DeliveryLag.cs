namespace DynamicModules.Dashboard;

/// <summary>
/// Publish → first 2xx, over the deliveries whose first success fell in the window: nearest-rank percentiles in milliseconds
/// (null when nothing succeeded).
/// </summary>
/// <param name="Count">Deliveries measured.</param>
/// <param name="P50Ms">Median lag.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MaxMs">Longest lag.</param>
public sealed record DeliveryLag(long Count, long? P50Ms, long? P90Ms, long? P99Ms, long? MaxMs);

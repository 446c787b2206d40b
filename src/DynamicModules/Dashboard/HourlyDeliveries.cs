namespace DynamicModules.Dashboard;

/// <summary>
/// What became of delivery attempts in one hour. An attempt answered 2xx counts as <see cref="Succeeded"/>; a failed one after
/// which another attempt was due as <see cref="Retried"/>; the last attempt of a delivery given up without retrying as
/// <see cref="Failed"/>, and of one dead-lettered as <see cref="Dead"/>. A delivery refused before any attempt (target outside the
/// app's base URL, app not enabled) counts once, in the hour it was created. Attempts still under way are not counted yet.
/// </summary>
/// <param name="Hour">Start of the hour (UTC).</param>
/// <param name="Succeeded">Attempts answered 2xx.</param>
/// <param name="Retried">Failed attempts that were retried (or are waiting for their retry).</param>
/// <param name="Failed">Deliveries given up without retrying.</param>
/// <param name="Dead">Deliveries dead-lettered.</param>
public sealed record HourlyDeliveries(DateTimeOffset Hour, long Succeeded, long Retried, long Failed, long Dead);

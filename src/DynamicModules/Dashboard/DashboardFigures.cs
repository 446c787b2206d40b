namespace DynamicModules.Dashboard;

/// <summary>Everything the dashboard shows, for one tenant or for the whole service.</summary>
/// <param name="Tenant">The tenant key, or null for the operator-wide view.</param>
/// <param name="Window">24h or 7d.</param>
/// <param name="From">Start of the oldest hour bucket.</param>
/// <param name="To">When the figures were taken.</param>
/// <param name="Hours">One entry per hour from <paramref name="From"/>, oldest first, empty hours included.</param>
/// <param name="Totals">The hours summed.</param>
/// <param name="Lag">Publish → first 2xx.</param>
/// <param name="Outbox">Pending deliveries now.</param>
/// <param name="FailingEndpoints">The targets with the most failed attempts, most first.</param>
/// <param name="Quotas">Installations by share of their limit used, fullest first.</param>
public sealed record DashboardFigures(
    string? Tenant, string Window, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HourlyDeliveries> Hours, DeliveryOutcomeTotals Totals,
    DeliveryLag Lag, OutboxDepth Outbox, IReadOnlyList<FailingEndpoint> FailingEndpoints, IReadOnlyList<QuotaUse> Quotas);

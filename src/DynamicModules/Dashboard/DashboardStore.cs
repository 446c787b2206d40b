using Dapper;
using DynamicModules.Delivery;
using DynamicModules.Storage;

namespace DynamicModules.Dashboard;

/// <summary>
/// The dashboard's aggregates: a few grouped SQL statements over a window of at most seven days, each with a bounded
/// answer (at most 168 hour buckets × 4 outcomes, four percentile rows, one outbox row, the top <see cref="MaxFailingEndpoints"/>
/// endpoints and <see cref="MaxQuotaRows"/> installations). With a tenant id every statement filters by it; without one they
/// span the service, which only the operator key may ask for (the endpoint checks).
/// </summary>
public sealed class DashboardStore(Database database, TimeProvider time)
{
    /// <summary>Most endpoints listed as failing.</summary>
    public const int MaxFailingEndpoints = 10;

    /// <summary>Most installations listed by quota use.</summary>
    public const int MaxQuotaRows = 50;

    private const long HourMs = 3_600_000;

    // What one finished attempt came to (HourlyDeliveries explains the words). attempt = attempt_count marks the current
    // cycle's latest attempt, the one the delivery's status speaks about; an unfinished latest attempt of a pending delivery
    // is still under way and not counted yet.
    private const string AttemptOutcome =
        """
        CASE WHEN a.status_code >= 200 AND a.status_code < 300 THEN 'succeeded'
             WHEN a.attempt = d.attempt_count AND d.status = 'dead' THEN 'dead'
             WHEN a.attempt = d.attempt_count AND d.status = 'failed' THEN 'failed'
             WHEN a.attempt = d.attempt_count AND d.status = 'pending' AND a.status_code IS NULL AND a.error = @unfinished THEN 'sending'
             ELSE 'retried' END
        """;

    /// <summary>The figures of <paramref name="tenantId"/> (null: every tenant) over <paramref name="window"/>.</summary>
    public async Task<DashboardFigures> ReadAsync(long? tenantId, string? tenantKey, DashboardWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var now = time.GetUtcNow();
        var from = window.StartAt(now);
        var parameters = new
        {
            tenantId,
            from = UnixTime.ToMilliseconds(from),
            now = UnixTime.ToMilliseconds(now),
            unfinished = DeliveryStore.UnfinishedAttempt,
            hourMs = HourMs,
            maxEndpoints = (long)MaxFailingEndpoints,
            maxQuotas = (long)MaxQuotaRows,
        };
        await using var connection = await database.OpenAsync(cancellationToken);

        var hours = await HoursAsync(connection, tenantId is not null, parameters, from, window, cancellationToken);
        var totals = new DeliveryOutcomeTotals(
            hours.Sum(hour => hour.Succeeded), hours.Sum(hour => hour.Retried), hours.Sum(hour => hour.Failed), hours.Sum(hour => hour.Dead));
        var lag = await LagAsync(connection, tenantId is not null, parameters, cancellationToken);
        var outbox = await OutboxAsync(connection, tenantId is not null, parameters, cancellationToken);
        var failing = await FailingEndpointsAsync(connection, tenantId is not null, parameters, cancellationToken);
        var quotas = await QuotasAsync(connection, tenantId is not null, parameters, cancellationToken);
        return new DashboardFigures(tenantKey, window.Name, from, now, hours, totals, lag, outbox, failing, quotas);
    }

    private static async Task<IReadOnlyList<HourlyDeliveries>> HoursAsync(
        System.Data.Common.DbConnection connection, bool oneTenant, object parameters, DateTimeOffset from, DashboardWindow window,
        CancellationToken cancellationToken)
    {
        var attemptTenant = oneTenant ? "AND a.tenant_id = @tenantId" : "";
        var deliveryTenant = oneTenant ? "AND d.tenant_id = @tenantId" : "";
        // Deliveries refused before any attempt have no attempt row: they count in the hour they were created.
        var rows = await connection.QueryAsync<(long Bucket, string Outcome, long Count)>(new CommandDefinition(
            $"""
            SELECT bucket, outcome, COUNT(*) AS count FROM (
                SELECT a.started_at / @hourMs AS bucket, {AttemptOutcome} AS outcome
                FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id AND d.tenant_id = a.tenant_id
                WHERE a.started_at >= @from AND a.started_at <= @now {attemptTenant}
                UNION ALL
                SELECT d.created_at / @hourMs AS bucket, d.status AS outcome
                FROM deliveries d
                WHERE d.attempt_count = 0 AND d.status IN ('dead', 'failed') AND d.created_at >= @from AND d.created_at <= @now {deliveryTenant}
            ) outcomes
            GROUP BY bucket, outcome
            """,
            parameters, cancellationToken: cancellationToken));
        var firstBucket = UnixTime.ToMilliseconds(from) / HourMs;
        var counts = new long[window.Buckets, 4];
        foreach (var (bucket, outcome, count) in rows)
        {
            var index = bucket - firstBucket;
            var column = outcome switch
            {
                DeliveryStatuses.Succeeded => 0,
                "retried" => 1,
                DeliveryStatuses.Failed => 2,
                DeliveryStatuses.Dead => 3,
                _ => -1,
            };
            if (index >= 0 && index < window.Buckets && column >= 0)
            {
                counts[index, column] += count;
            }
        }

        return [.. Enumerable.Range(0, window.Buckets).Select(i => new HourlyDeliveries(
            from + (DashboardWindow.Bucket * i), counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3]))];
    }

    private static async Task<DeliveryLag> LagAsync(
        System.Data.Common.DbConnection connection, bool oneTenant, object parameters, CancellationToken cancellationToken)
    {
        var attemptTenant = oneTenant ? "AND a.tenant_id = @tenantId" : "";
        // Nearest-rank percentiles by window functions (both engines have them; neither has the same percentile function):
        // rank ceil(p × n) is (p × n + 99) / 100 in integer arithmetic. At most four rows come back.
        var rows = (await connection.QueryAsync<(long Position, long Total, long Lag)>(new CommandDefinition(
            $"""
            WITH firsts AS (
                SELECT MIN(a.started_at + a.duration_ms) - e.published_at AS lag
                FROM delivery_attempts a
                JOIN deliveries d ON d.id = a.delivery_id AND d.tenant_id = a.tenant_id
                JOIN events e ON e.id = d.event_row_id AND e.tenant_id = d.tenant_id
                WHERE a.status_code >= 200 AND a.status_code < 300 AND a.started_at >= @from AND a.started_at <= @now {attemptTenant}
                GROUP BY d.id, e.published_at
            ), ranked AS (
                SELECT lag, ROW_NUMBER() OVER (ORDER BY lag) AS position, COUNT(*) OVER () AS total FROM firsts
            )
            SELECT position, total, lag FROM ranked
            WHERE position IN ((total * 50 + 99) / 100, (total * 90 + 99) / 100, (total * 99 + 99) / 100, total)
            """,
            parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return new DeliveryLag(0, null, null, null, null);
        }

        var total = rows[0].Total;
        long At(long percent) => rows.Single(row => row.Position == ((total * percent) + 99) / 100).Lag;
        return new DeliveryLag(total, At(50), At(90), At(99), At(100));
    }

    private static async Task<OutboxDepth> OutboxAsync(
        System.Data.Common.DbConnection connection, bool oneTenant, object parameters, CancellationToken cancellationToken)
    {
        var tenant = oneTenant ? "AND tenant_id = @tenantId" : "";
        var row = await connection.QuerySingleAsync<(long Pending, long Due, long? Oldest)>(new CommandDefinition(
            $"""
            SELECT COUNT(*) AS pending, COALESCE(SUM(CASE WHEN next_attempt_at <= @now THEN 1 ELSE 0 END), 0) AS due, MIN(created_at) AS oldest
            FROM deliveries WHERE status = 'pending' {tenant}
            """,
            parameters, cancellationToken: cancellationToken));
        return new OutboxDepth(row.Pending, row.Due, row.Pending - row.Due, row.Oldest is { } oldest ? UnixTime.FromMilliseconds(oldest) : null);
    }

    private static async Task<IReadOnlyList<FailingEndpoint>> FailingEndpointsAsync(
        System.Data.Common.DbConnection connection, bool oneTenant, object parameters, CancellationToken cancellationToken)
    {
        var attemptTenant = oneTenant ? "AND a.tenant_id = @tenantId" : "";
        var rows = await connection.QueryAsync<EndpointRow>(new CommandDefinition(
            $"""
            SELECT t.tenant_key, o.app_key, o.target_url, SUM(o.failed) AS failures, COUNT(*) AS attempts, MAX(o.started_at) AS last_attempt_at
            FROM (
                SELECT a.tenant_id, d.app_key, d.target_url, a.started_at,
                       CASE WHEN a.status_code >= 200 AND a.status_code < 300 THEN 0 ELSE 1 END AS failed
                FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id AND d.tenant_id = a.tenant_id
                WHERE a.started_at >= @from AND a.started_at <= @now {attemptTenant} AND {AttemptOutcome} <> 'sending'
            ) o JOIN tenants t ON t.id = o.tenant_id
            GROUP BY t.tenant_key, o.app_key, o.target_url
            HAVING SUM(o.failed) > 0
            ORDER BY failures DESC, attempts DESC, t.tenant_key, o.app_key, o.target_url
            LIMIT @maxEndpoints
            """,
            parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new FailingEndpoint(
            row.TenantKey, row.AppKey, row.TargetUrl, row.Failures, row.Attempts, UnixTime.FromMilliseconds(row.LastAttemptAt)))];
    }

    private static async Task<IReadOnlyList<QuotaUse>> QuotasAsync(
        System.Data.Common.DbConnection connection, bool oneTenant, object parameters, CancellationToken cancellationToken)
    {
        var tenant = oneTenant ? "WHERE i.tenant_id = @tenantId" : "";
        // Fullest first: share of the limit, a limit of 0 counting as full.
        var rows = await connection.QueryAsync<QuotaRow>(new CommandDefinition(
            $"""
            SELECT t.tenant_key, p.app_key, i.state, COALESCE(i.quota_limit, t.per_app_limit) AS quota_limit, COUNT(m.id) AS used
            FROM installations i
            JOIN tenants t ON t.id = i.tenant_id
            JOIN apps p ON p.id = i.app_id
            LEFT JOIN dynamic_modules m ON m.installation_id = i.id AND m.tenant_id = i.tenant_id
            {tenant}
            GROUP BY t.tenant_key, p.app_key, i.state, i.quota_limit, t.per_app_limit
            ORDER BY CASE WHEN COALESCE(i.quota_limit, t.per_app_limit) = 0 THEN 1.0
                          ELSE COUNT(m.id) * 1.0 / COALESCE(i.quota_limit, t.per_app_limit) END DESC,
                     COUNT(m.id) DESC, t.tenant_key, p.app_key
            LIMIT @maxQuotas
            """,
            parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new QuotaUse(row.TenantKey, row.AppKey, row.State, row.Used, row.QuotaLimit))];
    }

    private sealed class EndpointRow
    {
        public string TenantKey { get; init; } = "";
        public string AppKey { get; init; } = "";
        public string TargetUrl { get; init; } = "";
        public long Failures { get; init; }
        public long Attempts { get; init; }
        public long LastAttemptAt { get; init; }
    }

    private sealed class QuotaRow
    {
        public string TenantKey { get; init; } = "";
        public string AppKey { get; init; } = "";
        public string State { get; init; } = "";
        public long QuotaLimit { get; init; }
        public long Used { get; init; }
    }
}

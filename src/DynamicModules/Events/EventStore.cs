using System.Text.Json;
using Dapper;
using DynamicModules.Delivery;
using DynamicModules.Storage;

namespace DynamicModules.Events;

/// <summary>
/// The <c>events</c> table: each published event once per (tenant, event id), stored together with its outbox rows.
/// The delivery worker joins it read-only to build bodies.
/// </summary>
public sealed class EventStore(Database database)
{
    /// <summary>
    /// Stores the event and one delivery per matching subscriber in one transaction, so a stored event always has all of its
    /// deliveries on disk; the same statement checks the tenant row, so a publish costs no read of it beforehand.
    /// </summary>
    /// <param name="tenant">The tenant's id and key (both must match its row).</param>
    /// <param name="subscribersVersion">
    /// The module version the deliveries were matched at: nothing is written when the tenant's is newer
    /// (<see cref="EventInsertOutcome.StaleSubscribers"/>); <see cref="long.MaxValue"/> writes at any version.
    /// </param>
    /// <param name="published">The event.</param>
    /// <param name="deliveries">One per matching subscriber.</param>
    /// <param name="skipped">The subscribers not delivered to, with why (JSON).</param>
    /// <param name="now">The publication time (Unix ms).</param>
    /// <param name="trace">The publish span's W3C trace context, which every attempt continues; nulls without a span.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What was done, and the tenant's module version as the statement read it (0 when there is no tenant).</returns>
    public async Task<(EventInsertOutcome Outcome, long TenantVersion)> InsertAsync(
        (long Id, string Key) tenant, long subscribersVersion, EventToPublish published, IReadOnlyList<NewDelivery> deliveries,
        string skipped, long now, (string? TraceParent, string? TraceState) trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(deliveries);
        var parameters = new DynamicParameters(new
        {
            tenantId = tenant.Id,
            tenantKey = tenant.Key,
            subscribersVersion,
            eventId = published.Id,
            eventType = published.Type.ForgeName,
            payload = published.PayloadJson,
            actor = published.Actor is null ? null : JsonSerializer.Serialize(published.Actor, JsonSerializerOptions.Web),
            deliveryCount = (long)deliveries.Count,
            skipped,
            now,
            traceParent = trace.TraceParent,
            traceState = trace.TraceState,
        });
        if (database.Engine == StorageEngine.Postgres)
        {
            return await InsertPostgresAsync(parameters, deliveries, subscribersVersion, cancellationToken);
        }

        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var inserted = await InsertSqliteAsync(scope, parameters, deliveries, subscribersVersion, (tenant.Id, now), cancellationToken);
        if (inserted.Outcome == EventInsertOutcome.Stored)
        {
            await scope.CommitAsync(cancellationToken);
        }

        return inserted;
    }

    private const string TenantRow = "SELECT module_version FROM tenants WHERE id = @tenantId AND tenant_key = @tenantKey";

    private const string EventColumns =
        "INSERT INTO events (tenant_id, event_id, event_type, payload, actor, delivery_count, skipped, published_at, traceparent, tracestate)";

    private const string EventValues = "@tenantId, @eventId, @eventType, @payload, @actor, @deliveryCount, @skipped, @now, @traceParent, @traceState";

    private const string OnRepeat = "ON CONFLICT (tenant_id, event_id) DO NOTHING\nRETURNING id";

    // One statement, so one round trip, committed as it ends: the tenant's row (its module version), the event unless the tenant
    // is missing or its modules are newer than the match, its deliveries (from the event insert's CTE, so none for a repeat) and,
    // when any can be sent, the announcement every node's worker hears on commit rather than at its next poll (only on a row
    // whose event was inserted: the CASE evaluates the uncorrelated subquery only then).
    private async Task<(EventInsertOutcome Outcome, long TenantVersion)> InsertPostgresAsync(
        DynamicParameters parameters, IReadOnlyList<NewDelivery> deliveries, long subscribersVersion, CancellationToken cancellationToken)
    {
        var queue = deliveries.Count == 0
            ? ""
            : $",\nqueued AS ({DeliveryStore.InsertStatement(database, parameters, deliveries, "e.id", "e")})";
        var announcement = deliveries.Any(delivery => !DeliveryStore.IsDead(delivery))
            ? $", CASE WHEN e.id IS NULL THEN 0 ELSE {DeliveryWakeListener.Announcement(database.Node, parameters)} END AS announced"
            : "";
        var rows = await database.WriteOneStatementAsync<(long TenantVersion, long? EventRowId)>(
            $"""
            WITH t AS ({TenantRow}),
            e AS ({EventColumns}
                  SELECT {EventValues} FROM t WHERE t.module_version <= @subscribersVersion
                  {OnRepeat}){queue}
            SELECT t.module_version, e.id{announcement} FROM t LEFT JOIN e ON true
            """,
            parameters, cancellationToken);
        return rows.Count == 0 ? (EventInsertOutcome.NoTenant, 0) : Outcome(rows[0].TenantVersion, rows[0].EventRowId, subscribersVersion);
    }

    private async Task<(EventInsertOutcome Outcome, long TenantVersion)> InsertSqliteAsync(
        WriteScope scope, DynamicParameters parameters, IReadOnlyList<NewDelivery> deliveries, long subscribersVersion,
        (long TenantId, long Now) queued, CancellationToken cancellationToken)
    {
        // The write lock is held from BEGIN IMMEDIATE on, so the version read here is the one the insert is made at.
        if (await scope.ExecuteScalarAsync<long?>(TenantRow, parameters, cancellationToken) is not { } tenantVersion)
        {
            return (EventInsertOutcome.NoTenant, 0);
        }

        if (tenantVersion > subscribersVersion)
        {
            return (EventInsertOutcome.StaleSubscribers, tenantVersion);
        }

        var eventRowId = await scope.ExecuteScalarAsync<long?>($"{EventColumns}\nVALUES ({EventValues})\n{OnRepeat}", parameters, cancellationToken);
        if (eventRowId is null)
        {
            return (EventInsertOutcome.Duplicate, tenantVersion);
        }

        if (deliveries.Count > 0)
        {
            var queueParameters = new DynamicParameters(new { tenantId = queued.TenantId, now = queued.Now, eventRowId });
            await scope.ExecuteAsync(
                DeliveryStore.InsertStatement(database, queueParameters, deliveries, "@eventRowId", null), queueParameters, cancellationToken);
        }

        // One node: its own commit wakes its worker (DeliverySignal), so there is nothing to announce.
        return (EventInsertOutcome.Stored, tenantVersion);
    }

    private static (EventInsertOutcome, long) Outcome(long tenantVersion, long? eventRowId, long subscribersVersion) =>
        eventRowId is not null ? (EventInsertOutcome.Stored, tenantVersion)
        : tenantVersion > subscribersVersion ? (EventInsertOutcome.StaleSubscribers, tenantVersion)
        : (EventInsertOutcome.Duplicate, tenantVersion);

    /// <summary>The stored outcome of an event, or null when no event with this id was published to the tenant.</summary>
    public async Task<PublishResult?> FindAsync(long tenantId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            "SELECT delivery_count, skipped FROM events WHERE tenant_id = @tenantId AND event_id = @eventId",
            new { tenantId, eventId }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new PublishResult(eventId, (int)row.DeliveryCount, JsonDocument.Parse(row.Skipped).RootElement.GetArrayLength(), Duplicate: true);
    }

    private sealed class EventRow
    {
        public long DeliveryCount { get; init; }
        public string Skipped { get; init; } = "[]";
    }
}

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
    /// Stores the event and one delivery per matching subscriber in one transaction, so a stored event always has all
    /// of its deliveries on disk.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="published">The event.</param>
    /// <param name="deliveries">One per matching subscriber.</param>
    /// <param name="skipped">The subscribers not delivered to, with why (JSON).</param>
    /// <param name="now">The publication time (Unix ms).</param>
    /// <param name="trace">The publish span's W3C trace context, which every attempt continues; nulls without a span.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when an event with the same id was stored first; nothing is written then.</returns>
    public async Task<bool> InsertAsync(
        long tenantId, EventToPublish published, IReadOnlyList<NewDelivery> deliveries, string skipped, long now,
        (string? TraceParent, string? TraceState) trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(deliveries);
        var parameters = new DynamicParameters(new
        {
            tenantId,
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
            return await InsertPostgresAsync(parameters, deliveries, cancellationToken);
        }

        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var stored = await InsertSqliteAsync(scope, parameters, deliveries, (tenantId, now), cancellationToken);
        if (stored)
        {
            await scope.CommitAsync(cancellationToken);
        }

        return stored;
    }

    private const string InsertEvent =
        """
        INSERT INTO events (tenant_id, event_id, event_type, payload, actor, delivery_count, skipped, published_at, traceparent, tracestate)
        VALUES (@tenantId, @eventId, @eventType, @payload, @actor, @deliveryCount, @skipped, @now, @traceParent, @traceState)
        ON CONFLICT (tenant_id, event_id) DO NOTHING
        RETURNING id
        """;

    // One statement, so one round trip, committed as it ends: the event, its deliveries (from the event insert's CTE, so none for
    // a repeat) and, when any can be sent, the announcement every node's worker hears on commit rather than at its next poll (a
    // column of the final row, so none for a repeat either).
    private async Task<bool> InsertPostgresAsync(
        DynamicParameters parameters, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        var queue = deliveries.Count == 0
            ? ""
            : $",\nqueued AS ({DeliveryStore.InsertStatement(database, parameters, deliveries, "e.id", "e")})";
        var announcement = deliveries.Any(delivery => !DeliveryStore.IsDead(delivery))
            ? ", " + DeliveryWakeListener.AnnouncementColumn(database.Node, parameters)
            : "";
        var rows = await database.WriteOneStatementAsync<long>(
            $"WITH e AS ({InsertEvent}){queue}\nSELECT e.id{announcement} FROM e", parameters, cancellationToken);
        return rows.Count == 1;
    }

    private async Task<bool> InsertSqliteAsync(
        WriteScope scope, DynamicParameters parameters, IReadOnlyList<NewDelivery> deliveries, (long TenantId, long Now) queued,
        CancellationToken cancellationToken)
    {
        var eventRowId = await scope.ExecuteScalarAsync<long?>(InsertEvent, parameters, cancellationToken);
        if (eventRowId is null)
        {
            return false;
        }

        if (deliveries.Count > 0)
        {
            var queueParameters = new DynamicParameters(new { tenantId = queued.TenantId, now = queued.Now, eventRowId });
            await scope.ExecuteAsync(
                DeliveryStore.InsertStatement(database, queueParameters, deliveries, "@eventRowId", null), queueParameters, cancellationToken);
        }

        // One node: its own commit wakes its worker (DeliverySignal), so there is nothing to announce.
        return true;
    }

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

using System.Data;
using Dapper;
using DynamicModules.Apps;
using DynamicModules.Modules;
using DynamicModules.Secrets;
using DynamicModules.Storage;

namespace DynamicModules.Delivery;

/// <summary>
/// The delivery outbox. Statements for the log and recovery filter by tenant; the worker's claim is the one
/// service-wide statement, since the outbox is shared by all tenants and every node drains it.
/// </summary>
public sealed class DeliveryStore(Database database, TimeProvider time, SecretProtector secrets, AppDescriptorCache descriptors)
{
    private const string DetailColumns =
        """
        d.id, d.tenant_id, d.attempt_count, d.webhook_id, d.target_url, d.module_kind, d.module_key, d.app_key, d.event_name,
        d.exclude_body, d.self_generated, d.filter_error, e.event_id, e.payload, e.actor, e.published_at,
        i.state AS installation_state, i.app_id, i.shared_secret, i.signing_secret, d.installation_id, i.descriptor_version,
        t.client_key, e.traceparent, e.tracestate, d.first_succeeded_at
        """;

    /// <summary>
    /// The statement that queues an event's deliveries inside the publishing transaction, all of them at once (rows as
    /// <see cref="SqlRows"/>, so its text does not depend on how many), with their parameters added to
    /// <paramref name="parameters"/>, which must also carry <c>@tenantId</c> and <c>@now</c>.
    /// </summary>
    /// <param name="database">The database (the rows' form depends on the engine).</param>
    /// <param name="parameters">The statement's parameters.</param>
    /// <param name="deliveries">One per matching subscriber; at least one.</param>
    /// <param name="eventRowId">SQL for the event's row id: a parameter, or a column of <paramref name="eventSource"/>.</param>
    /// <param name="eventSource">A table expression that provides <paramref name="eventRowId"/> (the event insert's CTE), or null.</param>
    public static string InsertStatement(
        Database database, DynamicParameters parameters, IReadOnlyList<NewDelivery> deliveries, string eventRowId, string? eventSource)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentOutOfRangeException.ThrowIfZero(deliveries.Count);
        var rows = new SqlRows("q", deliveries.Count)
            .Number("installation_id", i => deliveries[i].InstallationId)
            .Text("app_key", i => deliveries[i].AppKey)
            .Text("module_key", i => deliveries[i].ModuleKey)
            .Text("module_kind", i => SubscriptionKinds.ToText(deliveries[i].ModuleKind))
            .Text("event_name", i => deliveries[i].EventName)
            // One id per (event, subscriber), kept across retries and redeliveries so the app can de-duplicate.
            .Text("webhook_id", _ => "msg_" + Guid.CreateVersion7().ToString("N"))
            .Text("target_url", i => deliveries[i].TargetUrl ?? "")
            .Number("exclude_body", i => deliveries[i].ExcludeBody ? 1L : 0L)
            .Number("self_generated", i => deliveries[i].SelfGenerated ? 1L : 0L)
            .Text("match_reason", i => deliveries[i].MatchReason)
            .Text("filter_error", i => deliveries[i].FilterError)
            .Text("status", i => IsDead(deliveries[i]) ? DeliveryStatuses.Dead : DeliveryStatuses.Pending)
            .Text("last_error", i => IsDead(deliveries[i]) ? "refused: " + (deliveries[i].DeadReason ?? "no target URL") : null)
            .From(database, parameters, "v");
        return
            $"""
            INSERT INTO deliveries (tenant_id, event_row_id, installation_id, app_key, module_key, module_kind, event_name, webhook_id,
                                    target_url, exclude_body, self_generated, match_reason, filter_error, status, attempt_count,
                                    next_attempt_at, locked_until, claimed_by, last_status_code, last_error, created_at, updated_at)
            SELECT @tenantId, {eventRowId}, v.installation_id, v.app_key, v.module_key, v.module_kind, v.event_name, v.webhook_id,
                   v.target_url, v.exclude_body, v.self_generated, v.match_reason, v.filter_error, v.status, 0,
                   @now, NULL, NULL, NULL, v.last_error, @now, @now
            FROM {(eventSource is null ? "" : eventSource + ", ")}{rows}
            """;
    }

    /// <summary>Whether a new delivery can never be sent: it is stored dead, and wakes no worker.</summary>
    public static bool IsDead(NewDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.TargetUrl is null || delivery.DeadReason is not null;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries under <paramref name="claimToken"/> and, in the same transaction, begins
    /// an attempt of each one <paramref name="refusal"/> lets through, or settles it with the refusal. Leaves out
    /// <paramref name="held"/> (claims this node still holds, expired or not, so it never races itself for them). PostgreSQL skips
    /// rows other nodes are claiming (<c>FOR UPDATE SKIP LOCKED</c>) and re-checks the lease on the locked row; SQLite has one
    /// writer at a time (BEGIN IMMEDIATE).
    /// </summary>
    /// <remarks>
    /// Beginning the attempts of a whole batch at once is what lets requests leave without a commit each: the attempt is counted,
    /// listed in the log (as <see cref="UnfinishedAttempt"/> until its outcome is written) and leased until now +
    /// <paramref name="lease"/> before its request can be sent, so a node killed at any point leaves every request it made
    /// listed. One that waits for an endpoint slot longer than its lease allows is renewed first (<see cref="RenewLeaseAsync"/>);
    /// one never sent is taken back by <see cref="ReleaseAsync"/>.
    /// </remarks>
    public async Task<DeliveryClaim> ClaimAsync(
        string claimToken, TimeSpan lease, int limit, IReadOnlyCollection<long> held, Func<DeliveryWork, AttemptResult?> refusal,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(refusal);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        var lockedUntil = now + (long)lease.TotalMilliseconds;
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var rows = database.Engine == StorageEngine.Postgres
            ? await ClaimAndBeginPostgresAsync(scope, claimToken, lockedUntil, now, limit, held, cancellationToken)
            : await SelectDueSqliteAsync(scope, now, limit, held, cancellationToken);
        if (rows.Count == 0)
        {
            return DeliveryClaim.Empty;
        }

        var descriptorTexts = await DescriptorsAsync(scope, rows, cancellationToken);
        var toBegin = new List<DeliveryWork>(rows.Count);
        var settled = new List<(DeliveryWork Work, AttemptResult Result)>();
        foreach (var row in rows)
        {
            var work = row.ToWork(secrets, claimToken, descriptorTexts[(row.InstallationId, (int)row.DescriptorVersion)]);
            if (refusal(work) is { } final)
            {
                settled.Add((work, final));
            }
            else
            {
                toBegin.Add(work);
            }
        }

        DeliveryWork[] begun;
        if (database.Engine == StorageEngine.Postgres)
        {
            // The claim began every row's attempt; a refused one is taken back before it settles, as if it had never begun.
            var leased = UnixTime.FromMilliseconds(lockedUntil);
            var attemptRows = rows.ToDictionary(row => row.Id, row => row.BegunAttemptId!.Value);
            begun = [.. toBegin.Select(work => work with { Attempt = work.Attempt + 1, AttemptRowId = attemptRows[work.Id], LockedUntil = leased })];
            if (settled.Count > 0)
            {
                await TakeBackAttemptsInAsync(scope, [.. settled.Select(refused => (refused.Work, attemptRows[refused.Work.Id]))], cancellationToken);
            }
        }
        else
        {
            await ClaimSqliteInAsync(scope, rows, toBegin, claimToken, lockedUntil, now, cancellationToken);
            begun = toBegin.Count == 0 ? [] : await BeginAttemptsInAsync(scope, toBegin, lockedUntil, now, cancellationToken);
        }

        if (settled.Count > 0)
        {
            await SettleInAsync(scope, settled, now, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return new DeliveryClaim(rows.Count, begun, settled);
    }

    private const string WorkJoins =
        """
        JOIN events e ON e.id = d.event_row_id AND e.tenant_id = d.tenant_id
        JOIN installations i ON i.id = d.installation_id AND i.tenant_id = d.tenant_id
        JOIN tenants t ON t.id = d.tenant_id
        """;

    // One round trip: the claim (skipping rows other nodes are claiming, and re-checking the lease on the locked row) counts and
    // logs an attempt of every row it takes and returns them, joined with what sending needs. The due ids are an ARRAY(...) so the
    // locking subquery runs once: as `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` the planner may rescan it per row, and
    // each rescan skips the rows this statement has just updated and returns the next ones, so a claim could take more than n.
    // The rows come back with the count before this attempt, as the SQLite claim reads them.
    private async Task<List<WorkRow>> ClaimAndBeginPostgresAsync(
        WriteScope scope, string claimToken, long lockedUntil, long now, int limit, IReadOnlyCollection<long> held,
        CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { lockedUntil, claimToken, now, limit = (long)limit, error = UnfinishedAttempt });
        return (await scope.QueryAsync<WorkRow>(
            $"""
            WITH d AS (
                UPDATE deliveries SET locked_until = @lockedUntil, claimed_by = @claimToken, updated_at = @now,
                                      attempt_count = attempt_count + 1
                WHERE status = 'pending' AND (locked_until IS NULL OR locked_until <= @now) AND id = ANY(ARRAY(
                    SELECT id FROM deliveries
                    WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
                      AND NOT ({SqlRows.In(database, parameters, "id", "held", held)})
                    ORDER BY next_attempt_at, id
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED))
                RETURNING *),
            begun AS (
                INSERT INTO delivery_attempts (delivery_id, tenant_id, attempt, started_at, duration_ms, status_code, error, response_snippet)
                SELECT id, tenant_id, attempt_count, @now, 0, NULL, @error, NULL FROM d
                RETURNING id, delivery_id)
            SELECT {DetailColumns.Replace("d.attempt_count,", "d.attempt_count - 1 AS attempt_count,", StringComparison.Ordinal)},
                   begun.id AS begun_attempt_id
            FROM d JOIN begun ON begun.delivery_id = d.id {WorkJoins}
            ORDER BY d.id
            """,
            parameters, cancellationToken)).ToList();
    }

    // Refused rows of a PostgreSQL claim: their begun attempts deleted and not counted, in one statement.
    private async Task TakeBackAttemptsInAsync(
        WriteScope scope, List<(DeliveryWork Work, long AttemptRowId)> refused, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var attempts = new SqlRows("r", refused.Count)
            .Number("id", i => refused[i].AttemptRowId)
            .Number("tenant_id", i => refused[i].Work.TenantId)
            .Number("attempts_before", i => refused[i].Work.Attempt)
            .Text("claimed_by", i => refused[i].Work.ClaimToken)
            .From(database, parameters, "v");
        var takenBack = await scope.ExecuteAsync(
            $"""
            WITH gone AS (
                DELETE FROM delivery_attempts USING {attempts}
                WHERE delivery_attempts.id = v.id AND delivery_attempts.tenant_id = v.tenant_id
                RETURNING delivery_attempts.delivery_id, v.tenant_id, v.attempts_before, v.claimed_by)
            UPDATE deliveries SET attempt_count = gone.attempts_before
            FROM gone
            WHERE deliveries.id = gone.delivery_id AND deliveries.tenant_id = gone.tenant_id AND deliveries.claimed_by = gone.claimed_by
            """,
            parameters, cancellationToken);
        if (takenBack != refused.Count)
        {
            // Claimed and begun by this transaction a moment ago; anything else is a bug, and the claim rolls back.
            throw new InvalidOperationException($"Took back {takenBack} of {refused.Count} refused attempts.");
        }
    }

    // SQLite has one writer, and this transaction is it from its BEGIN IMMEDIATE on, so the due rows can be read first and claimed
    // afterwards in the same statement that counts their attempts (ClaimSqliteInAsync): nothing can change them in between.
    private async Task<List<WorkRow>> SelectDueSqliteAsync(
        WriteScope scope, long now, int limit, IReadOnlyCollection<long> held, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { now, limit = (long)limit });
        return (await scope.QueryAsync<WorkRow>(
            $"""
            SELECT {DetailColumns}
            FROM (SELECT id FROM deliveries
                  WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
                    AND NOT ({SqlRows.In(database, parameters, "id", "held", held)})
                  ORDER BY next_attempt_at, id
                  LIMIT @limit) AS due
            JOIN deliveries d ON d.id = due.id
            {WorkJoins}
            ORDER BY d.id
            """,
            parameters, cancellationToken)).ToList();
    }

    // The claim of every row read, and the count of the attempts that begin, in one statement; refused rows are claimed too (with
    // their count unchanged), since settling them is fenced by the claim like any outcome.
    private async Task ClaimSqliteInAsync(
        WriteScope scope, List<WorkRow> rows, List<DeliveryWork> toBegin, string claimToken, long lockedUntil, long now,
        CancellationToken cancellationToken)
    {
        var begins = toBegin.Select(work => work.Id).ToHashSet();
        var parameters = new DynamicParameters(new { lockedUntil, claimToken, now });
        var claimed = new SqlRows("c", rows.Count)
            .Number("id", i => rows[i].Id)
            .Number("tenant_id", i => rows[i].TenantId)
            .Number("attempt", i => rows[i].AttemptCount + (begins.Contains(rows[i].Id) ? 1 : 0))
            .From(database, parameters, "v");
        var updated = await scope.ExecuteAsync(
            $"""
            UPDATE deliveries SET locked_until = @lockedUntil, claimed_by = @claimToken, attempt_count = v.attempt, updated_at = @now
            FROM {claimed}
            WHERE deliveries.id = v.id AND deliveries.tenant_id = v.tenant_id AND deliveries.status = 'pending'
              AND (deliveries.locked_until IS NULL OR deliveries.locked_until <= @now)
            """,
            parameters, cancellationToken);
        if (updated != rows.Count)
        {
            // Read by this transaction a moment ago, with the write lock held; anything else is a bug, and the claim rolls back.
            throw new InvalidOperationException($"Claimed {updated} of {rows.Count} due deliveries.");
        }
    }

    // The descriptor text of each row's (installation, version): the copy the descriptor cache holds when it has one, so the
    // kilobytes of JSON are not read from the database per delivery; one query for the pairs it does not hold.
    private async Task<Dictionary<(long InstallationId, int Version), string>> DescriptorsAsync(
        WriteScope scope, List<WorkRow> rows, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<(long InstallationId, int Version), string>();
        var missing = new List<(long TenantId, long InstallationId, int Version)>();
        foreach (var row in rows)
        {
            var key = (row.InstallationId, (int)row.DescriptorVersion);
            if (texts.ContainsKey(key) || missing.Exists(pair => (pair.InstallationId, pair.Version) == key))
            {
                continue;
            }

            if (descriptors.TryGetStoredJson(key.Item1, key.Item2, out var cached))
            {
                texts[key] = cached;
            }
            else
            {
                missing.Add((row.TenantId, key.Item1, key.Item2));
            }
        }

        if (missing.Count > 0)
        {
            var parameters = new DynamicParameters();
            var pairs = new SqlRows("p", missing.Count)
                .Number("tenant_id", i => missing[i].TenantId)
                .Number("installation_id", i => missing[i].InstallationId)
                .Number("version", i => missing[i].Version)
                .From(database, parameters, "v");
            var loaded = await scope.QueryAsync<(long InstallationId, long Version, string Descriptor)>(
                $"""
                SELECT dv.installation_id, dv.version, dv.descriptor
                FROM {pairs}
                JOIN installations i ON i.id = v.installation_id AND i.tenant_id = v.tenant_id
                JOIN descriptor_versions dv ON dv.installation_id = i.id AND dv.version = v.version
                """,
                parameters, cancellationToken);
            foreach (var (installationId, version, descriptor) in loaded)
            {
                texts[(installationId, (int)version)] = descriptor;
            }
        }

        // A version every delivery row points at through its installation; "{}" only if that row was deleted under it, which the
        // sender then reports as a descriptor that no longer parses, as before.
        foreach (var (_, installationId, version) in missing)
        {
            texts.TryAdd((installationId, version), "{}");
        }

        return texts;
    }

    /// <summary>
    /// Extends the lease of a begun attempt to now + <paramref name="lease"/> while its claim is still the delivery's current one,
    /// for an attempt that waited for its endpoint so long that the request could outlast the lease. Returns the renewed work, or
    /// null when the claim was lost (the request must not be sent).
    /// </summary>
    public async Task<DeliveryWork?> RenewLeaseAsync(DeliveryWork work, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        var lockedUntil = now + (long)lease.TotalMilliseconds;
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var renewed = await scope.ExecuteAsync(
            """
            UPDATE deliveries SET locked_until = @lockedUntil, updated_at = @now
            WHERE id = @id AND tenant_id = @tenantId AND claimed_by = @claimToken AND status = 'pending'
            """,
            new { lockedUntil, now, id = work.Id, tenantId = work.TenantId, claimToken = work.ClaimToken },
            cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return renewed == 1 ? work with { LockedUntil = UnixTime.FromMilliseconds(lockedUntil) } : null;
    }

    /// <summary>What an attempt row says until its outcome is written; it stays so when the node died during the attempt.</summary>
    public const string UnfinishedAttempt = "no outcome recorded: the sending node stopped during the attempt";

    /// <summary>
    /// Writes the outcomes of attempts in one transaction: for each, the outcome of the attempt under way (if one began) to its log
    /// row, and, while the claim is still current, the delivery's new state, ending the claim. A claim lost meanwhile (only
    /// possible when the database was slower than the lease margin) leaves the delivery to its new owner; the attempt row is
    /// written either way, since the request was made. Returns, per outcome, whether the delivery took it.
    /// </summary>
    public async Task<IReadOnlyList<bool>> SettleAsync(
        IReadOnlyList<(DeliveryWork Work, AttemptResult Result)> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var now = UnixTime.ToMilliseconds(time.GetUtcNow());
        HashSet<long> taken;
        if (database.Engine == StorageEngine.Postgres)
        {
            // One statement (SettleStatements), so a transaction of its own: one round trip.
            var (settle, parameters) = SettleStatementPostgres(outcomes, now);
            taken = [.. await database.WriteOneStatementAsync<long>(settle, parameters, cancellationToken)];
        }
        else
        {
            await using var scope = await database.BeginWriteAsync(cancellationToken);
            taken = await SettleInAsync(scope, outcomes, now, cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }

        return outcomes.Select(outcome => taken.Contains(outcome.Work.Id)).ToList();
    }

    // SQLite: the attempts of the rows the claim's own statement counted (ClaimSqliteInAsync), logged in one set-based statement, so
    // a batch costs the same whatever its size, and its rows travel as a fixed number of parameters (SqlRows), so the statement text
    // and the cost of binding do not grow with it. (The PostgreSQL claim logs them itself.)
    private async Task<DeliveryWork[]> BeginAttemptsInAsync(
        WriteScope scope, List<DeliveryWork> works, long lockedUntil, long now, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { now, error = UnfinishedAttempt });
        var rows = new SqlRows("b", works.Count)
            .Number("id", i => works[i].Id)
            .Number("tenant_id", i => works[i].TenantId)
            .Number("attempt", i => works[i].Attempt + 1)
            .From(database, parameters, "v");
        var logged = (await scope.QueryAsync<(long Id, long DeliveryId)>(
            $"""
            INSERT INTO delivery_attempts (delivery_id, tenant_id, attempt, started_at, duration_ms, status_code, error, response_snippet)
            SELECT v.id, v.tenant_id, v.attempt, @now, 0, NULL, @error, NULL FROM {rows}
            RETURNING id, delivery_id
            """,
            parameters, cancellationToken)).ToDictionary(row => row.DeliveryId, row => row.Id);
        if (logged.Count != works.Count)
        {
            // Every row was claimed by this transaction a moment ago; anything else is a bug, and the claim rolls back.
            throw new InvalidOperationException($"Began {logged.Count} of {works.Count} claimed attempts.");
        }

        var leased = UnixTime.FromMilliseconds(lockedUntil);
        return [.. works.Select(work => work with { Attempt = work.Attempt + 1, AttemptRowId = logged[work.Id], LockedUntil = leased })];
    }

    // Set-based as the begin is: one statement per table, rows as arrays (SqlRows). On PostgreSQL both travel as one statement,
    // the log rows' update a CTE of the deliveries' update (SettleStatementPostgres), so a settle is one round trip.
    private async Task<HashSet<long>> SettleInAsync(
        WriteScope scope, IReadOnlyList<(DeliveryWork Work, AttemptResult Result)> outcomes, long now, CancellationToken cancellationToken)
    {
        if (database.Engine == StorageEngine.Postgres)
        {
            var (settle, parameters) = SettleStatementPostgres(outcomes, now);
            return (await scope.QueryAsync<long>(settle, parameters, cancellationToken)).ToHashSet();
        }

        var (deliveries, deliveryParameters, attempts, attemptParameters) = SettleStatements(outcomes, now);
        var taken = (await scope.QueryAsync<long>(deliveries, deliveryParameters, cancellationToken)).ToHashSet();
        if (attempts is not null)
        {
            await scope.ExecuteAsync(attempts, attemptParameters, cancellationToken);
        }

        return taken;
    }

    private (string Sql, DynamicParameters Parameters) SettleStatementPostgres(
        IReadOnlyList<(DeliveryWork Work, AttemptResult Result)> outcomes, long now)
    {
        var (deliveries, parameters, attempts, attemptParameters) = SettleStatements(outcomes, now);
        if (attempts is null)
        {
            return (deliveries, parameters);
        }

        parameters.AddDynamicParams(attemptParameters);
        return ($"WITH logged AS ({attempts})\n{deliveries}", parameters);
    }

    // The deliveries' new states (while their claims are current; returns the ids that took theirs), and the outcomes of the
    // attempts that began, to their log rows (null when none did).
    private (string Deliveries, DynamicParameters DeliveryParameters, string? Attempts, DynamicParameters AttemptParameters) SettleStatements(
        IReadOnlyList<(DeliveryWork Work, AttemptResult Result)> outcomes, long now)
    {
        var parameters = new DynamicParameters(new { now });
        var deliveries = new SqlRows("s", outcomes.Count)
            .Number("id", i => outcomes[i].Work.Id)
            .Number("tenant_id", i => outcomes[i].Work.TenantId)
            .Text("claimed_by", i => outcomes[i].Work.ClaimToken)
            .Text("status", i => outcomes[i].Result.Status)
            .Number("next_attempt_at", i => outcomes[i].Result.NextAttemptAt is { } next ? UnixTime.ToMilliseconds(next) : now)
            .Number("status_code", i => outcomes[i].Result.StatusCode)
            .Text("error", i => outcomes[i].Result.Error)
            .From(database, parameters, "v");
        var settle =
            $"""
            UPDATE deliveries SET status = v.status, next_attempt_at = v.next_attempt_at, locked_until = NULL, claimed_by = NULL,
                   last_status_code = v.status_code, last_error = v.error, updated_at = @now,
                   first_succeeded_at = CASE WHEN v.status = 'succeeded' THEN COALESCE(deliveries.first_succeeded_at, @now)
                                             ELSE deliveries.first_succeeded_at END
            FROM {deliveries}
            WHERE deliveries.id = v.id AND deliveries.tenant_id = v.tenant_id AND deliveries.claimed_by = v.claimed_by
            RETURNING deliveries.id
            """;
        // Written whether or not the claim was still current: the request was made. The row was written when the batch was
        // claimed; the request may have left later (it waited for its endpoint).
        var attempted = outcomes.Where(outcome => outcome.Work.AttemptRowId is not null).ToList();
        var attemptParameters = new DynamicParameters();
        return (settle, parameters, attempted.Count == 0 ? null : AttemptOutcomes(attempted, attemptParameters), attemptParameters);
    }

    // The outcome of each begun attempt, to its log row.
    private string AttemptOutcomes(List<(DeliveryWork Work, AttemptResult Result)> attempted, DynamicParameters parameters)
    {
        var attempts = new SqlRows("a", attempted.Count)
            .Number("id", i => attempted[i].Work.AttemptRowId)
            .Number("tenant_id", i => attempted[i].Work.TenantId)
            .Number("started_at", i => attempted[i].Result.StartedAt is { } started ? UnixTime.ToMilliseconds(started) : null)
            .Number("duration_ms", i => (long)attempted[i].Result.Duration.TotalMilliseconds)
            .Number("status_code", i => attempted[i].Result.StatusCode)
            .Text("error", i => attempted[i].Result.Error)
            .Text("response_snippet", i => attempted[i].Result.ResponseSnippet)
            .From(database, parameters, "v");
        return
            $"""
            UPDATE delivery_attempts SET started_at = COALESCE(v.started_at, delivery_attempts.started_at), duration_ms = v.duration_ms,
                   status_code = v.status_code, error = v.error, response_snippet = v.response_snippet
            FROM {attempts}
            WHERE delivery_attempts.id = v.id AND delivery_attempts.tenant_id = v.tenant_id
            """;
    }

    /// <summary>
    /// Gives a claimed delivery back unsent (shutdown before its request left): due now, and its begun attempt, if any, taken
    /// back (not counted, not listed), since no request was made.
    /// </summary>
    public async Task ReleaseAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var released = await scope.ExecuteAsync(
            """
            UPDATE deliveries SET locked_until = NULL, claimed_by = NULL, attempt_count = @attemptsBefore, updated_at = @now
            WHERE id = @id AND tenant_id = @tenantId AND claimed_by = @claimToken
            """,
            new
            {
                now = UnixTime.ToMilliseconds(time.GetUtcNow()),
                attemptsBefore = (long)(work.AttemptRowId is null ? work.Attempt : work.Attempt - 1),
                id = work.Id,
                tenantId = work.TenantId,
                claimToken = work.ClaimToken,
            },
            cancellationToken);
        if (released == 1 && work.AttemptRowId is { } rowId)
        {
            await scope.ExecuteAsync("DELETE FROM delivery_attempts WHERE id = @rowId AND tenant_id = @tenantId",
                new { rowId, tenantId = work.TenantId }, cancellationToken);
        }

        if (released == 1)
        {
            // Due now: another node may send it before this one is back.
            await DeliveryWakeListener.AnnounceAsync(scope, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>A page of a tenant's deliveries with ids after <paramref name="afterId"/>, oldest first, with their attempts.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(
        long tenantId, string? status, string? appKey, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RecordRow>(new CommandDefinition(
            """
            SELECT d.id, d.webhook_id, e.event_id, e.event_type, d.app_key, d.module_key, d.module_kind, d.target_url, d.status,
                   d.attempt_count, d.next_attempt_at, d.last_status_code, d.last_error, d.match_reason, d.created_at, d.updated_at
            FROM deliveries d JOIN events e ON e.id = d.event_row_id AND e.tenant_id = d.tenant_id
            WHERE d.tenant_id = @tenantId AND d.id > @afterId
              AND (@status IS NULL OR d.status = @status) AND (@appKey IS NULL OR d.app_key = @appKey)
            ORDER BY d.id LIMIT @limit
            """,
            new { tenantId, afterId, status, appKey, limit = (long)limit }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            $"""
            SELECT delivery_id, attempt, started_at, duration_ms, status_code, error, response_snippet
            FROM delivery_attempts WHERE tenant_id = @tenantId AND {database.In("delivery_id", "ids")} ORDER BY id
            """,
            new { tenantId, ids = rows.Select(row => row.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(attempt => attempt.DeliveryId);
        return rows.Select(row => row.ToRecord(attempts[row.Id].Select(attempt => attempt.ToRecord()).ToList())).ToList();
    }

    /// <summary>The tenant (id and key) of a delivery, or null when there is no such delivery.</summary>
    public async Task<(long Id, string Key)?> FindTenantAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            "SELECT t.id, t.tenant_key FROM deliveries d JOIN tenants t ON t.id = d.tenant_id WHERE d.id = @deliveryId",
            new { deliveryId }, cancellationToken: cancellationToken));
        return row is null ? null : (row.Id, row.TenantKey);
    }

    /// <summary>
    /// Starts a new attempt cycle for a settled delivery (same webhook id, attempts counted from zero again, due now).
    /// Returns false when it is not the tenant's or is still pending.
    /// </summary>
    public async Task<bool> RedeliverAsync(long tenantId, long deliveryId, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var updated = await scope.ExecuteAsync(
            """
            UPDATE deliveries SET status = 'pending', attempt_count = 0, next_attempt_at = @now, locked_until = NULL, claimed_by = NULL,
                   updated_at = @now
            WHERE id = @deliveryId AND tenant_id = @tenantId AND status <> 'pending' AND target_url <> ''
            """,
            new { now = UnixTime.ToMilliseconds(time.GetUtcNow()), deliveryId, tenantId }, cancellationToken);
        if (updated == 1)
        {
            await DeliveryWakeListener.AnnounceAsync(scope, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>Re-queues a tenant's deliveries created in [from, to) with one of <paramref name="statuses"/>; returns how many.</summary>
    public async Task<int> ReplayAsync(
        long tenantId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var updated = await scope.ExecuteAsync(
            $"""
            UPDATE deliveries SET status = 'pending', attempt_count = 0, next_attempt_at = @now, locked_until = NULL, claimed_by = NULL,
                   updated_at = @now
            WHERE tenant_id = @tenantId AND created_at >= @from AND created_at < @to AND {database.In("status", "statuses")} AND status <> 'pending'
              AND target_url <> ''
            """,
            new
            {
                now = UnixTime.ToMilliseconds(time.GetUtcNow()),
                tenantId,
                from = UnixTime.ToMilliseconds(from),
                to = UnixTime.ToMilliseconds(to),
                statuses = statuses.ToArray(),
            },
            cancellationToken);
        if (updated > 0)
        {
            await DeliveryWakeListener.AnnounceAsync(scope, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return updated;
    }

    /// <summary>How many deliveries are pending across the service (the <c>/metrics</c> gauge).</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'", cancellationToken: cancellationToken));
    }

    private sealed class TenantRow
    {
        public long Id { get; init; }
        public string TenantKey { get; init; } = "";
    }

    private sealed class WorkRow
    {
        private const string UnreadableSecrets = "without readable secrets (they do not decrypt with the configured keys)";

        public long Id { get; init; }
        public long TenantId { get; init; }
        public long AttemptCount { get; init; }
        public string WebhookId { get; init; } = "";
        public string TargetUrl { get; init; } = "";
        public string ModuleKind { get; init; } = "";
        public string ModuleKey { get; init; } = "";
        public string AppKey { get; init; } = "";
        public string EventName { get; init; } = "";
        public long ExcludeBody { get; init; }
        public long SelfGenerated { get; init; }
        public string? FilterError { get; init; }
        public string EventId { get; init; } = "";
        public string Payload { get; init; } = "{}";
        public string? Actor { get; init; }
        public long PublishedAt { get; init; }
        public string InstallationState { get; init; } = "";
        public long AppId { get; init; }
        public string SharedSecret { get; init; } = "";
        public string SigningSecret { get; init; } = "";
        public long InstallationId { get; init; }
        public long DescriptorVersion { get; init; }
        public string ClientKey { get; init; } = "";
        public string? TraceParent { get; init; }
        public string? TraceState { get; init; }
        public long? FirstSucceededAt { get; init; }

        // The attempt the PostgreSQL claim began (its log row), or null on SQLite, where it begins after the refusals are known.
        public long? BegunAttemptId { get; init; }

        // Secrets that no configured key opens make the attempt fail with a reason instead of sending unsigned.
        public DeliveryWork ToWork(SecretProtector secrets, string claimToken, string descriptor)
        {
            var readable = secrets.TryOpen(SharedSecret, SecretContext.SharedSecret(TenantId, AppId), out var sharedSecret)
                & secrets.TryOpen(SigningSecret, SecretContext.SigningSecret(TenantId, AppId), out var signingSecret);
            return ToWork(readable ? InstallationState : UnreadableSecrets, sharedSecret ?? "", signingSecret ?? "", claimToken, descriptor);
        }

        private DeliveryWork ToWork(
            string installationState, string sharedSecret, string signingSecret, string claimToken, string descriptor) => new()
            {
                Id = Id,
                ClaimToken = claimToken,
                TenantId = TenantId,
                Attempt = (int)AttemptCount,
                WebhookId = WebhookId,
                TargetUrl = TargetUrl,
                ModuleKind = SubscriptionKinds.Parse(ModuleKind),
                ModuleKey = ModuleKey,
                AppKey = AppKey,
                EventName = EventName,
                ExcludeBody = ExcludeBody != 0,
                SelfGenerated = SelfGenerated != 0,
                FilterError = FilterError,
                EventId = EventId,
                Payload = Payload,
                Actor = Actor,
                PublishedAt = UnixTime.FromMilliseconds(PublishedAt),
                InstallationState = installationState,
                SharedSecret = sharedSecret,
                SigningSecret = signingSecret,
                InstallationId = InstallationId,
                DescriptorVersion = (int)DescriptorVersion,
                Descriptor = descriptor,
                ClientKey = ClientKey,
                TraceParent = TraceParent,
                TraceState = TraceState,
                SucceededBefore = FirstSucceededAt is not null,
            };
    }

    private sealed class RecordRow
    {
        public long Id { get; init; }
        public string WebhookId { get; init; } = "";
        public string EventId { get; init; } = "";
        public string EventType { get; init; } = "";
        public string AppKey { get; init; } = "";
        public string ModuleKey { get; init; } = "";
        public string ModuleKind { get; init; } = "";
        public string TargetUrl { get; init; } = "";
        public string Status { get; init; } = "";
        public long AttemptCount { get; init; }
        public long NextAttemptAt { get; init; }
        public long? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public string MatchReason { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public DeliveryRecord ToRecord(IReadOnlyList<DeliveryAttemptRecord> attempts) => new(
            Id, WebhookId, EventId, EventType, AppKey, ModuleKey, ModuleKind, TargetUrl, Status, (int)AttemptCount,
            Status == DeliveryStatuses.Pending ? UnixTime.FromMilliseconds(NextAttemptAt) : null, (int?)LastStatusCode, LastError,
            MatchReason, UnixTime.FromMilliseconds(CreatedAt), UnixTime.FromMilliseconds(UpdatedAt), attempts);
    }

    private sealed class AttemptRow
    {
        public long DeliveryId { get; init; }
        public long Attempt { get; init; }
        public long StartedAt { get; init; }
        public long DurationMs { get; init; }
        public long? StatusCode { get; init; }
        public string? Error { get; init; }
        public string? ResponseSnippet { get; init; }

        public DeliveryAttemptRecord ToRecord() => new(
            (int)Attempt, UnixTime.FromMilliseconds(StartedAt), DurationMs, (int?)StatusCode, Error, ResponseSnippet);
    }
}

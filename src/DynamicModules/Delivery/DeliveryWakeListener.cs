using Dapper;
using DynamicModules.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DynamicModules.Delivery;

/// <summary>
/// Wakes the delivery workers of every node when any node commits new due work, so another node's publish is sent at once
/// rather than at the next poll. On PostgreSQL the writing transaction NOTIFYs <see cref="Channel"/> (<see cref="AnnounceAsync"/>:
/// delivered on commit, never for a rollback) and each worker LISTENs on a dedicated connection (<see cref="ListenAsync"/>).
/// SQLite has one node, whose own writes wake it through <see cref="DeliverySignal"/>.
/// </summary>
/// <remarks>
/// <para>
/// A node's own commits wake its worker directly (<see cref="DeliverySignal"/>, after the commit), so the listener ignores the
/// announcements that carry its own <see cref="Database.Node"/>: hearing them too would run a second claim round per publish, one
/// that finds nothing, while the first still holds the worker.
/// </para>
/// <para>
/// While the LISTEN connection is down the worker still polls, and it looks once more as soon as it is listening again, since
/// notifications sent in between are lost.
/// </para>
/// </remarks>
public sealed partial class DeliveryWakeListener(Database database, ILogger<DeliveryWakeListener> logger)
{
    /// <summary>The NOTIFY channel; the payload is the announcing node (a worker looks at the whole outbox anyway).</summary>
    public const string Channel = "dynamic_modules_deliveries";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this node first listens (at once on SQLite): from then on, other nodes' commits wake it.</summary>
    public Task Listening => database.Engine == StorageEngine.Postgres ? _listening.Task : Task.CompletedTask;

    /// <summary>
    /// On PostgreSQL, an expression for the final SELECT of a statement that makes work due, which announces it for
    /// <paramref name="node"/> (as <see cref="AnnounceAsync"/> does) the first time a row of that SELECT evaluates it, so the
    /// announcement costs no round trip of its own; its parameter is added to <paramref name="parameters"/>.
    /// </summary>
    public static string Announcement(string node, DynamicParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Add("announcingNode", node);
        // An uncorrelated scalar subquery runs once, when first evaluated: never for a statement that returns no row, nor for
        // one whose rows skip it (a CASE branch not taken).
        return $"(SELECT count(*) FROM (SELECT pg_notify('{Channel}', @announcingNode)) AS announced)";
    }

    /// <summary>
    /// Announces new due work in <paramref name="scope"/>'s transaction; other nodes hear of it when it commits. Nothing on SQLite.
    /// PostgreSQL folds repeated notifications of one transaction into one.
    /// </summary>
    /// <remarks>Every caller wakes its own node's worker itself after committing (or is shutting that worker down).</remarks>
    public static Task AnnounceAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Connection is NpgsqlConnection
            ? scope.ExecuteAsync($"SELECT pg_notify('{Channel}', @node)", new { node = scope.Node }, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Calls <paramref name="wake"/> for every announcement until <paramref name="stoppingToken"/> fires (returns at once on SQLite).</summary>
    public async Task ListenAsync(Action wake, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        if (database.Engine != StorageEngine.Postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: closing it ends the LISTEN.
                await using var connection = await database.OpenListenerAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    // Its own commits have woken this node already (an empty payload is from a node that does not say who it is).
                    if (notification.Payload != database.Node)
                    {
                        wake();
                    }
                };
                await connection.ExecuteAsync(new CommandDefinition($"LISTEN {Channel}", cancellationToken: stoppingToken));
                _listening.TrySetResult();
                // Whatever was announced while we were not listening.
                wake();
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(LivenessCheck, stoppingToken))
                    {
                        // Nothing for a while: make sure the connection is still alive rather than silently dead.
                        await connection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: stoppingToken));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(ReconnectDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery LISTEN connection failed; other nodes' events wait for the poll until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

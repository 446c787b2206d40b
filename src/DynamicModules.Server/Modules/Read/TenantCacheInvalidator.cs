using System.Globalization;
using System.Threading.Channels;
using Dapper;
using DynamicModules.Changes;
using DynamicModules.Storage;
using Npgsql;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Keeps module snapshots and change feeds current. Every module-changing commit on this node
/// (<see cref="ModuleChangeLog.Committed"/>) invalidates the tenant's snapshot and wakes its feeds at once. On
/// PostgreSQL the commit is also announced with <c>pg_notify</c> on <see cref="Channel"/>, and a dedicated connection
/// LISTENs there for the commits of other nodes.
/// </summary>
/// <remarks>
/// While the LISTEN connection is down the cache is suspended (see <see cref="TenantModuleCache"/>), and it restarts
/// from empty once listening again, since notifications sent in between are lost. Change feeds do not depend on it:
/// they also poll.
/// </remarks>
public sealed partial class TenantCacheInvalidator : BackgroundService
{
    /// <summary>The NOTIFY channel; payload <c>{tenantId}:{version}</c>.</summary>
    public const string Channel = "dynamic_modules_changes";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(30);

    private readonly ModuleChangeLog _changes;
    private readonly TenantModuleCache _cache;
    private readonly ModuleChangeSignal _signal;
    private readonly Database _database;
    private readonly ILogger<TenantCacheInvalidator> _logger;
    private readonly Channel<(long TenantId, long Version)> _toAnnounce =
        System.Threading.Channels.Channel.CreateUnbounded<(long, long)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Subscribes to commits at once, so nothing committed after start-up is missed.</summary>
    public TenantCacheInvalidator(
        ModuleChangeLog changes, TenantModuleCache cache, ModuleChangeSignal signal, Database database, ILogger<TenantCacheInvalidator> logger)
    {
        _changes = changes;
        _cache = cache;
        _signal = signal;
        _database = database;
        _logger = logger;
        if (database.Engine == StorageEngine.Postgres)
        {
            // Other nodes' commits are unseen until LISTEN is in place.
            _cache.Suspend();
        }

        _changes.Committed += OnCommitted;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _changes.Committed -= OnCommitted;
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _database.Engine == StorageEngine.Postgres
            ? Task.WhenAll(ListenAsync(stoppingToken), AnnounceAsync(stoppingToken))
            : Task.CompletedTask;

    // Runs inside the committing request: it must be quick and must not throw.
    private void OnCommitted(long tenantId, long version)
    {
        Apply(tenantId, version);
        if (_database.Engine == StorageEngine.Postgres)
        {
            _toAnnounce.Writer.TryWrite((tenantId, version));
        }
    }

    private void Apply(long tenantId, long version)
    {
        _cache.Invalidate(tenantId, version);
        _signal.Pulse(tenantId);
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: closing it ends the LISTEN.
                await using var connection = await _database.OpenListenerAsync(stoppingToken);
                connection.Notification += (_, notification) => OnNotification(notification.Payload);
                await connection.ExecuteAsync(new CommandDefinition($"LISTEN {Channel}", cancellationToken: stoppingToken));
                _cache.Resume();
                LogListening(_logger, Channel);
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
            catch (Exception exception) when (exception is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                _cache.Suspend();
                LogListenFailed(_logger, exception);
                await Task.Delay(ReconnectDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void OnNotification(string payload)
    {
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (separator > 0
            && long.TryParse(payload.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId)
            && long.TryParse(payload.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            Apply(tenantId, version);
        }
    }

    private async Task AnnounceAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<long, long>();
        try
        {
            while (await _toAnnounce.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (_toAnnounce.Reader.TryRead(out var change))
                {
                    batch[change.TenantId] = Math.Max(change.Version, batch.GetValueOrDefault(change.TenantId));
                }

                try
                {
                    await using var connection = await _database.OpenAsync(stoppingToken);
                    foreach (var (tenantId, version) in batch)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(
                            "SELECT pg_notify(@channel, @payload)",
                            new { channel = Channel, payload = string.Create(CultureInfo.InvariantCulture, $"{tenantId}:{version}") },
                            cancellationToken: stoppingToken));
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or System.IO.IOException or TimeoutException)
                {
                    // Other nodes then catch up through revalidation (snapshots) and polling (feeds).
                    LogAnnounceFailed(_logger, batch.Count, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for module changes of other nodes on {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module change LISTEN connection failed; serving module reads from the database until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce module changes of {Count} tenants to other nodes")]
    private static partial void LogAnnounceFailed(ILogger logger, int count, Exception exception);
}

using DynamicModules.Delivery;
using DynamicModules.Telemetry;

namespace DynamicModules.Server.Telemetry;

/// <summary>
/// Counts the outbox every <see cref="Interval"/> for the <c>dynmod_outbox_pending</c> gauge, so a scrape (public, and as frequent as
/// anyone likes) never costs a database count. On PostgreSQL every node counts the shared outbox: the nodes report the same depth.
/// </summary>
public sealed partial class OutboxDepthSampler(DeliveryStore deliveries, ServiceMetrics metrics, TimeProvider time, ILogger<OutboxDepthSampler> logger)
    : BackgroundService
{
    /// <summary>How often the outbox is counted.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Registered after OpenTelemetry's own hosted service, so the meter provider listens by now and the zeroes are kept.
        metrics.StartSeriesAtZero();
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly away; the gauge keeps its last value until the next sample.
                LogSampleFailed(logger, exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Counts the outbox once and hands the count to the gauge (the timer's work; the tests call it to sample on cue).</summary>
    internal async Task SampleAsync(CancellationToken cancellationToken) =>
        metrics.OutboxPending(await deliveries.CountPendingAsync(cancellationToken));

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the outbox for dynmod_outbox_pending failed; the gauge keeps its last value")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}

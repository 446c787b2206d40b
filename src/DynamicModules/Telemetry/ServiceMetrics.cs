using System.Diagnostics.Metrics;
using DynamicModules.Delivery;
using DynamicModules.Modules;

namespace DynamicModules.Telemetry;

/// <summary>
/// The service's own instruments on one <see cref="Meter"/> (docs/observability.md lists them with their labels). Names are
/// given without the suffixes the Prometheus exporter appends (<c>_total</c> for counters, <c>_seconds</c> from the unit), so
/// the exposed names are exactly <c>dynmod_registrations_total</c>, <c>dynmod_delivery_attempt_duration_seconds</c>, ...
/// Labels carry only small fixed sets of values: never a tenant or an app key (unbounded cardinality).
/// </summary>
public sealed class ServiceMetrics
{
    /// <summary>The meter name a meter provider subscribes to.</summary>
    public const string MeterName = "DynamicModules";

    // Latency buckets in seconds, from a fast local app (5 ms) to the delivery timeout range; lag adds the retry range (hours).
    private static readonly double[] AttemptBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] LagBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

    // One boxed tag per value, built once: adding to a counter then allocates nothing.
    private static readonly KeyValuePair<string, object?> ReadHit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> ReadMiss = new("result", "miss");
    private static readonly KeyValuePair<string, object?> ReadNotModified = new("result", "not_modified");

    private readonly Counter<long> _registrations;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _filterErrors;
    private readonly Counter<long> _moduleReads;
    private long _outboxPending;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/> (one per service provider, so hosts in one process stay apart).</summary>
    public ServiceMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _registrations = meter.CreateCounter<long>("dynmod_registrations",
            description: "Dynamic module registration requests (register, and Forge update) by dialect (connect, forge) and outcome.");
        _deliveries = meter.CreateCounter<long>("dynmod_deliveries",
            description: "Delivery attempts by outcome: succeeded, retried (another attempt is scheduled), dead (given up), failed (not retried: a non-retryable answer or the app not enabled).");
        _attemptDuration = meter.CreateHistogram("dynmod_delivery_attempt_duration", "s",
            "How long one delivery request took, from sending to the answer (or the failure).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AttemptBuckets });
        _lag = meter.CreateHistogram("dynmod_delivery_lag", "s",
            "From the event's publication to the first 2xx answer of the delivery (retries included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        meter.CreateObservableGauge("dynmod_outbox_pending", () => Volatile.Read(ref _outboxPending),
            description: "Deliveries waiting for an attempt across all nodes, sampled every few seconds (not counted per scrape).");
        _filterErrors = meter.CreateCounter<long>("dynmod_filter_errors",
            description: "Subscriber filters that failed to evaluate on a published event (the subscriber's onError decides delivery).");
        _moduleReads = meter.CreateCounter<long>("dynmod_module_reads",
            description: "Render-time module reads by result: hit (modules answered), not_modified (304), miss (no such tenant).");
    }

    /// <summary>
    /// Adds zero to every counter for each of its label values, so each series is exposed from the start (a rate over a series
    /// that appears only with its first event misses that event). Call once the meter provider listens.
    /// </summary>
    public void StartSeriesAtZero()
    {
        foreach (var dialect in (ModuleDialect[])[ModuleDialect.Connect, ModuleDialect.Forge])
        {
            foreach (var outcome in RegistrationOutcomes.All)
            {
                _registrations.Add(0, new KeyValuePair<string, object?>("dialect", ModuleDialects.ToText(dialect)), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }

        foreach (var status in DeliveryStatuses.All)
        {
            _deliveries.Add(0, DeliveryOutcomeTag(status));
        }

        _filterErrors.Add(0);
        _moduleReads.Add(0, ReadHit);
        _moduleReads.Add(0, ReadMiss);
        _moduleReads.Add(0, ReadNotModified);
    }

    /// <summary>A registration request of <paramref name="dialect"/> ended in <paramref name="outcome"/> (a <see cref="RegistrationOutcomes"/> name).</summary>
    public void Registration(ModuleDialect dialect, string outcome) =>
        _registrations.Add(1, new KeyValuePair<string, object?>("dialect", ModuleDialects.ToText(dialect)), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>An attempt (or a refusal before one) ended with the delivery in <paramref name="status"/>.</summary>
    public void DeliveryOutcome(string status) => _deliveries.Add(1, DeliveryOutcomeTag(status));

    private static KeyValuePair<string, object?> DeliveryOutcomeTag(string status) => new("outcome", status switch
    {
        DeliveryStatuses.Succeeded => "succeeded",
        DeliveryStatuses.Pending => "retried",
        DeliveryStatuses.Dead => "dead",
        _ => "failed",
    });

    /// <summary>One delivery request took <paramref name="duration"/>.</summary>
    public void AttemptDuration(TimeSpan duration) => _attemptDuration.Record(duration.TotalSeconds);

    /// <summary>A delivery's first 2xx came <paramref name="lag"/> after its event was published.</summary>
    public void DeliveryLag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>The outbox depth, as last counted.</summary>
    public void OutboxPending(long count) => Volatile.Write(ref _outboxPending, count);

    /// <summary>A filter failed to evaluate.</summary>
    public void FilterError() => _filterErrors.Add(1);

    /// <summary>A render-time read answered its modules from the tenant's cached snapshot.</summary>
    public void ModuleReadHit() => _moduleReads.Add(1, ReadHit);

    /// <summary>A render-time read had to load the tenant's modules from the database first, or found no tenant.</summary>
    public void ModuleReadMiss() => _moduleReads.Add(1, ReadMiss);

    /// <summary>A render-time read answered 304.</summary>
    public void ModuleReadNotModified() => _moduleReads.Add(1, ReadNotModified);
}

namespace DynamicModules.Delivery;

/// <summary>Process-wide counters for <c>/metrics</c>; they restart at zero with the process, as Prometheus counters may.</summary>
public sealed class DeliveryMetrics
{
    private long _eventsPublished;
    private long _succeeded;
    private long _failed;
    private long _dead;
    private long _attempts;

    /// <summary>Events accepted (duplicates excluded).</summary>
    public long EventsPublished => Interlocked.Read(ref _eventsPublished);

    /// <summary>Deliveries that ended in <see cref="DeliveryStatuses.Succeeded"/>.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Deliveries that ended in <see cref="DeliveryStatuses.Failed"/>.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Deliveries that ended in <see cref="DeliveryStatuses.Dead"/>.</summary>
    public long Dead => Interlocked.Read(ref _dead);

    /// <summary>HTTP attempts made.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    internal void EventPublished() => Interlocked.Increment(ref _eventsPublished);

    internal void AttemptMade() => Interlocked.Increment(ref _attempts);

    internal void Settled(string status)
    {
        switch (status)
        {
            case DeliveryStatuses.Succeeded:
                Interlocked.Increment(ref _succeeded);
                break;
            case DeliveryStatuses.Failed:
                Interlocked.Increment(ref _failed);
                break;
            case DeliveryStatuses.Dead:
                Interlocked.Increment(ref _dead);
                break;
        }
    }
}

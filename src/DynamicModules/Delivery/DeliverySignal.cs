namespace DynamicModules.Delivery;

/// <summary>Wakes this node's delivery worker as soon as new work is committed, so it need not wait for its next poll.</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    // 1 from a Wake until the worker has woken: further Wakes meanwhile add nothing (they used to meet SemaphoreFullException, an
    // exception thrown and caught per publish while the worker was busy).
    private int _signalled;

    /// <summary>Says there is new work; several calls before the worker looks collapse into one wake-up.</summary>
    public void Wake()
    {
        if (Interlocked.CompareExchange(ref _signalled, 1, 0) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // The poll timer runs on the service clock, so a test's fake clock moving past a retry's due time wakes the worker.
        using var poll = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
        try
        {
            await _signal.WaitAsync(either.Token);
            // Before the worker looks at the outbox: a Wake from now on releases again, and one that found the flag still set came
            // after a commit the worker's next look will see.
            Volatile.Write(ref _signalled, 0);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}

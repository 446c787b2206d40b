namespace DynamicModules.Delivery;

/// <summary>
/// Callers waiting for the worker to be idle: a whole claim round, begun after they asked, that found nothing due while
/// nothing was in flight. A round already under way when someone asks does not count, since it may have looked at the
/// outbox before the caller's last write.
/// </summary>
internal sealed class DeliveryIdleWaiters
{
    private readonly Lock _lock = new();
    private List<TaskCompletionSource> _nextRound = [];
    private List<TaskCompletionSource> _thisRound = [];

    /// <summary>A task that completes at the end of the first idle round that begins after this call.</summary>
    public Task Add(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _nextRound.Add(waiter);
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Whether anyone is waiting (a cancelled wait counts until a round answers it).</summary>
    public bool HasWaiters
    {
        get
        {
            lock (_lock)
            {
                return _nextRound.Count > 0 || _thisRound.Count > 0;
            }
        }
    }

    /// <summary>A claim round begins: those who asked before now are answered by it (or a later one).</summary>
    public void RoundBegins()
    {
        lock (_lock)
        {
            _thisRound.AddRange(_nextRound);
            _nextRound = [];
        }
    }

    /// <summary>A claim round ended; when it was idle, its waiters are released, else they wait for a later round.</summary>
    public void RoundEnded(bool idle)
    {
        List<TaskCompletionSource> released;
        lock (_lock)
        {
            if (!idle)
            {
                return;
            }

            released = _thisRound;
            _thisRound = [];
        }

        foreach (var waiter in released)
        {
            waiter.TrySetResult();
        }
    }
}

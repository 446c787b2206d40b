namespace DynamicModules.Delivery;

/// <summary>
/// Writes attempt outcomes to the outbox with group commit: outcomes that arrive while a batch is being written go together into
/// the next one, so a busy node commits once per batch instead of once per delivery, and an idle one writes each outcome at once.
/// </summary>
/// <remarks>
/// No thread of its own: the caller that finds no batch under way writes, and keeps writing while more arrive. A failed batch
/// fails each of its callers; their deliveries stay claimed and are tried again when the lease runs out, so nothing is lost.
/// </remarks>
public sealed class DeliveryOutcomeWriter(DeliveryStore store)
{
    private const int MaxBatch = 256;

    private readonly Lock _lock = new();
    private List<Pending> _queue = [];
    private bool _writing;
    private TaskCompletionSource? _drained;

    /// <summary>
    /// Queues the outcome and returns at once; <paramref name="written"/> is called, on the writing thread, with whether the
    /// delivery took it, or with the error that failed its batch. It must be quick and must not throw.
    /// </summary>
    public void Write(DeliveryWork work, AttemptResult result, Action<bool, Exception?> written)
    {
        var pending = new Pending(work, result, written);
        bool lead;
        lock (_lock)
        {
            _queue.Add(pending);
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = DrainAsync();
        }
    }

    /// <summary>Completes once every outcome queued so far has been written (or has failed).</summary>
    public Task FlushAsync()
    {
        lock (_lock)
        {
            if (!_writing)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private async Task DrainAsync()
    {
        // Off the caller's stack: the caller is a send loop, which goes on to its next request while this batch commits.
        await Task.Yield();
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    _drained?.TrySetResult();
                    _drained = null;
                    return;
                }

                batch = _queue.Count <= MaxBatch ? _queue : _queue[..MaxBatch];
                _queue = _queue.Count <= MaxBatch ? [] : _queue[MaxBatch..];
            }

            IReadOnlyList<bool> taken;
            try
            {
                // Not cancellable: an outcome whose request was made must be written even while the node shuts down.
                taken = await store.SettleAsync([.. batch.Select(p => (p.Work, p.Result))], CancellationToken.None);
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Written(false, exception);
                }

                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Written(taken[i], null);
            }
        }
    }

    private sealed record Pending(DeliveryWork Work, AttemptResult Result, Action<bool, Exception?> Written);
}

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

    /// <summary>Writes the outcome; true when the delivery took it (its claim was still current).</summary>
    public Task<bool> WriteAsync(DeliveryWork work, AttemptResult result)
    {
        var pending = new Pending(work, result, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
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

        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _queue.Count <= MaxBatch ? _queue : _queue[..MaxBatch];
                _queue = _queue.Count <= MaxBatch ? [] : _queue[MaxBatch..];
            }

            try
            {
                // Not cancellable: an outcome whose request was made must be written even while the node shuts down.
                var taken = await store.SettleAsync([.. batch.Select(p => (p.Work, p.Result))], CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(taken[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(exception);
                }
            }
        }
    }

    private sealed record Pending(DeliveryWork Work, AttemptResult Result, TaskCompletionSource<bool> Done);
}

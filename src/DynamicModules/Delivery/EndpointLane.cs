using System.Collections.Concurrent;

namespace DynamicModules.Delivery;

/// <summary>
/// The begun attempts waiting for one app endpoint, and how many send loops are working through them: at most its width, each
/// sending one request after another the way a plain client would, so an endpoint's connections stay busy without a task and
/// a semaphore wait per delivery.
/// </summary>
/// <remarks>
/// A loop that finds the queue empty leaves (<see cref="TryLeave"/>), and looks once more after leaving: work queued in between,
/// by someone who saw every loop still running, is never stranded.
/// </remarks>
internal sealed class EndpointLane(int width)
{
    private readonly ConcurrentQueue<DeliveryWork> _queue = new();
    private int _loops;

    /// <summary>Queues <paramref name="work"/>; true when the caller must start a new loop for it.</summary>
    public bool Enqueue(DeliveryWork work)
    {
        _queue.Enqueue(work);
        return TryJoin();
    }

    /// <summary>The next attempt for a running loop, or false when there is none.</summary>
    public bool TryTake(out DeliveryWork work) => _queue.TryDequeue(out work!);

    /// <summary>
    /// Called by a loop that found nothing to take: true when it may end, false when work arrived meanwhile and it is to go on
    /// (it counts as running again).
    /// </summary>
    public bool TryLeave()
    {
        Interlocked.Decrement(ref _loops);
        return _queue.IsEmpty || !TryJoin();
    }

    private bool TryJoin()
    {
        while (true)
        {
            var running = Volatile.Read(ref _loops);
            if (running >= width)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _loops, running + 1, running) == running)
            {
                return true;
            }
        }
    }
}

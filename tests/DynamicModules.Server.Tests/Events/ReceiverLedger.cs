using System.Collections.Concurrent;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>
/// What the receiving app saw, per <c>webhook-id</c>: requests, 2xx answers given, and how many requests for the same
/// delivery were open at once. Installed as the fake app's <see cref="FakeConnectApp.BeforeDeliveryAnswer"/> hook; every
/// <see cref="HangEvery"/>-th request hangs until the sender gives up on it, and requests after the first
/// <see cref="HoldAfter"/> are held open, never answered, until the sender goes away (until <see cref="StopHolding"/>).
/// </summary>
internal sealed class ReceiverLedger
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private volatile bool _holding = true;
    private int _requests;

    /// <summary>0 = never hang; n = the n-th, 2n-th, ... request hangs.</summary>
    public int HangEvery { get; init; }

    /// <summary>0 = hold nothing; n = requests after the n-th are held until their sender goes away.</summary>
    public int HoldAfter { get; init; }

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Webhook ids with a request open right now.</summary>
    public IReadOnlyList<string> Open => [.. _entries.Where(pair => pair.Value.IsOpen).Select(pair => pair.Key)];

    /// <summary>Webhook ids that had a request held.</summary>
    public IReadOnlyList<string> Held => [.. _entries.Where(pair => pair.Value.WasHeld).Select(pair => pair.Key)];

    /// <summary>
    /// Requests from now on are answered. Those already held stay held until their sender goes away: releasing them could
    /// count a 2xx written to a connection a killed sender has already lost.
    /// </summary>
    public void StopHolding() => _holding = false;

    /// <summary>Requests that hung until the sender closed the connection.</summary>
    public int Hung => _entries.Values.Sum(entry => entry.Hung);

    public IReadOnlyDictionary<string, Entry> Entries => _entries;

    /// <summary>Webhook ids answered 2xx more than once, and how many extra 2xx answers they got.</summary>
    public int Duplicate2xx => _entries.Values.Sum(entry => Math.Max(0, entry.Answered2xx - 1));

    /// <summary>Webhook ids that had two or more requests open at the same moment.</summary>
    /// <remarks>
    /// A request the sender abandoned (its timeout cut the connection) may still look open here for a moment after the
    /// sender has moved on, because the abort reaches this server asynchronously; only an earlier request that the sender
    /// still waited for (it ended answered, not aborted) makes an overlap.
    /// </remarks>
    public int Overlapping => _entries.Values.Count(entry => entry.Overlapped);

    public void AttachTo(FakeConnectApp app)
    {
        var status = app.DeliveryStatus;
        app.BeforeDeliveryAnswer = (request, aborted) => ReceiveAsync(request, status(request), aborted);
    }

    private async Task ReceiveAsync(ReceivedRequest request, int status, CancellationToken aborted)
    {
        var entry = _entries.GetOrAdd(request.Headers["webhook-id"], _ => new Entry());
        var number = Interlocked.Increment(ref _requests);
        var opened = entry.Opened();
        try
        {
            if (HoldAfter > 0 && number > HoldAfter && _holding)
            {
                entry.HeldOnce();
                await Task.Delay(Timeout.Infinite, aborted);
            }

            if (HangEvery > 0 && number % HangEvery == 0)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, aborted);
                }
                finally
                {
                    entry.HungOnce();
                }
            }

            if (status is >= 200 and < 300)
            {
                entry.Answered();
            }
        }
        finally
        {
            entry.Closed(opened, aborted.IsCancellationRequested);
        }
    }

    /// <summary>The receiver's view of one delivery.</summary>
    internal sealed class Entry
    {
        private readonly Lock _lock = new();
        private readonly List<OpenRequest> _openRequests = [];
        private readonly List<OpenRequest> _allRequests = [];

        public int Requests { get; private set; }

        public int Answered2xx { get; private set; }

        public int Hung { get; private set; }

        public int MostOpenAtOnce { get; private set; }

        public bool IsOpen
        {
            get
            {
                lock (_lock)
                {
                    return _openRequests.Count > 0;
                }
            }
        }

        public bool Overlapped
        {
            get
            {
                lock (_lock)
                {
                    // Read once every request has ended: an overlap is a request that arrived while one the sender still waited for was open.
                    return _allRequests.Any(request => request.OpenAtStart.Any(earlier => !earlier.Aborted));
                }
            }
        }

        public OpenRequest Opened()
        {
            lock (_lock)
            {
                var request = new OpenRequest([.. _openRequests]);
                Requests++;
                _openRequests.Add(request);
                _allRequests.Add(request);
                MostOpenAtOnce = Math.Max(MostOpenAtOnce, _openRequests.Count);
                return request;
            }
        }

        public void Closed(OpenRequest request, bool aborted)
        {
            lock (_lock)
            {
                _openRequests.Remove(request);
                request.Aborted = aborted;
            }
        }

        public void Answered()
        {
            lock (_lock)
            {
                Answered2xx++;
            }
        }

        public bool WasHeld { get; private set; }

        public void HeldOnce()
        {
            lock (_lock)
            {
                WasHeld = true;
            }
        }

        public void HungOnce()
        {
            lock (_lock)
            {
                Hung++;
            }
        }
    }

    /// <summary>One request while it is open, with the requests of the same delivery that were open when it arrived.</summary>
    internal sealed class OpenRequest(IReadOnlyList<OpenRequest> openAtStart)
    {
        public IReadOnlyList<OpenRequest> OpenAtStart { get; } = openAtStart;

        public bool Aborted { get; set; }
    }
}

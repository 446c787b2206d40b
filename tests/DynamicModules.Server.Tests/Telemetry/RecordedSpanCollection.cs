using System.Collections;
using System.Diagnostics;

namespace DynamicModules.Server.Tests.Telemetry;

/// <summary>
/// The collection an in-memory OpenTelemetry exporter fills, safe to read while the service is still exporting (the exporter adds
/// from the threads that end spans). Every host in the test process listens to the same sources, so tests select by trace id.
/// </summary>
public sealed class RecordedSpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> OfTrace(ActivityTraceId traceId)
    {
        lock (_lock)
        {
            return [.. _spans.Where(span => span.TraceId == traceId)];
        }
    }

    /// <summary>The spans named <paramref name="name"/> of this package's source.</summary>
    public IReadOnlyList<Activity> Named(string name)
    {
        lock (_lock)
        {
            return [.. _spans.Where(span => span.Source.Name == DynamicModules.Telemetry.ServiceTracing.SourceName && span.DisplayName == name)];
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

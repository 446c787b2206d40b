using System.Collections.Concurrent;

namespace DynamicModules.Server.Modules.Read;

/// <summary>Wakes change feeds when their tenant's modules change, on this node or (through NOTIFY) on another.</summary>
public sealed class ModuleChangeSignal
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();

    /// <summary>
    /// A task that completes at the next <see cref="Pulse"/> of the tenant. Take it before looking for changes: a
    /// change committed after the look then always completes it, so no change is slept through.
    /// </summary>
    public Task Next(long tenantId) =>
        _waiters.GetOrAdd(tenantId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes everyone waiting on the tenant.</summary>
    public void Pulse(long tenantId)
    {
        if (_waiters.TryRemove(tenantId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }
}

using System.Collections.Concurrent;

namespace DynamicModules.Client.AspNetCore;

/// <summary>The default store: installations live in memory and are lost on restart (reinstall to restore them).</summary>
public sealed class InMemoryConnectInstallationStore : IConnectInstallationStore
{
    private readonly ConcurrentDictionary<string, ConnectInstallation> _installations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<ConnectInstallation?> FindAsync(string clientKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_installations.GetValueOrDefault(clientKey));

    /// <inheritdoc />
    public ValueTask SaveAsync(ConnectInstallation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        _installations[installation.ClientKey] = installation;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string clientKey, CancellationToken cancellationToken)
    {
        _installations.TryRemove(clientKey, out _);
        return ValueTask.CompletedTask;
    }
}

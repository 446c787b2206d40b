namespace DynamicModules.Client.AspNetCore;

/// <summary>Where the app keeps its installations. Register your own to make them survive restarts.</summary>
public interface IConnectInstallationStore
{
    /// <summary>The installation of <paramref name="clientKey"/>, or null.</summary>
    ValueTask<ConnectInstallation?> FindAsync(string clientKey, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the installation of its clientKey.</summary>
    ValueTask SaveAsync(ConnectInstallation installation, CancellationToken cancellationToken);

    /// <summary>Forgets the installation of <paramref name="clientKey"/>.</summary>
    ValueTask RemoveAsync(string clientKey, CancellationToken cancellationToken);
}

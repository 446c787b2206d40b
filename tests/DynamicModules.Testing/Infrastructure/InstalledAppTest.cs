namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>Base of tests that need a fresh service with one app installed in a fresh tenant.</summary>
public abstract class InstalledAppTest : IAsyncLifetime
{
    protected ServiceHost Host { get; private set; } = null!;

    protected InstalledApp App { get; private set; } = null!;

    /// <summary>Lets a test class shape the app (modules, scopes) before it installs.</summary>
    protected virtual void ConfigureApp(FakeConnectApp app)
    {
    }

    /// <summary>Lets a test class give the tenant settings (limits, policy) before the install.</summary>
    protected virtual object? TenantSettings => null;

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceHost.StartAsync();
        var tenant = await Host.CreateTenantAsync(extra: TenantSettings);
        App = await InstalledApp.CreateAsync(Host, tenant, ConfigureApp);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

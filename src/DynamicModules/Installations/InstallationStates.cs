namespace DynamicModules.Installations;

/// <summary>The states of an app installation.</summary>
public static class InstallationStates
{
    /// <summary>Installed and enabled: authenticates, its modules are served, it receives events.</summary>
    public const string Enabled = "enabled";

    /// <summary>Installed but disabled: modules kept but not served, no events, calls refused.</summary>
    public const string Disabled = "disabled";

    /// <summary>Uninstalled: modules kept for a later reinstall, nothing served, calls refused.</summary>
    public const string Uninstalled = "uninstalled";
}

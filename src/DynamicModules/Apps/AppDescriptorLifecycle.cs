namespace DynamicModules.Apps;

/// <summary>The descriptor's lifecycle callback paths, each relative to the app base URL; null when not declared.</summary>
public sealed record AppDescriptorLifecycle(string? Installed, string? Uninstalled, string? Enabled, string? Disabled);

namespace DynamicModules.Apps;

/// <summary>A UI resource declared in the descriptor (top-level <c>resources</c>); <see cref="Path"/> is relative to the app base URL.</summary>
public sealed record AppDescriptorResource(string Key, string Path);

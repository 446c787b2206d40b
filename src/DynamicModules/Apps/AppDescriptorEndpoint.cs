namespace DynamicModules.Apps;

/// <summary>An endpoint declared in the descriptor (<c>modules.endpoint</c>); events for it are delivered to <see cref="RoutePath"/>, relative to the app base URL.</summary>
public sealed record AppDescriptorEndpoint(string Key, string RoutePath);

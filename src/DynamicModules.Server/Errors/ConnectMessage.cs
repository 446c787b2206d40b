namespace DynamicModules.Server.Errors;

/// <summary>The error body of the Connect and Forge dialects: <c>{"message": "..."}</c>.</summary>
/// <param name="Message">What went wrong, in words.</param>
public sealed record ConnectMessage(string Message);

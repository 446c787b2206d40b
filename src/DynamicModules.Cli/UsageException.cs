namespace DynamicModules.Cli;

/// <summary>A mistake in what the user typed that the parser cannot see (a file that cannot be read, say): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

namespace DynamicModules.Cli.Service;

/// <summary>The service answered with an error, or could not be reached: exit code 1 with <see cref="Exception.Message"/> on stderr.</summary>
internal sealed class ServiceRefusedException(string message, int? status = null) : Exception(message)
{
    /// <summary>The HTTP status the service answered, or null when it never answered.</summary>
    public int? Status { get; } = status;
}

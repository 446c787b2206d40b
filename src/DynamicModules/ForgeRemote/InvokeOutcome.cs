namespace DynamicModules.ForgeRemote;

/// <summary>What came of an invoke (<see cref="ForgeRemoteInvoker"/>).</summary>
public abstract record InvokeOutcome
{
    private InvokeOutcome()
    {
    }

    /// <summary>The remote answered, with any status; its status, content type and body are passed on as they are.</summary>
    public sealed record Answered(int Status, string? ContentType, byte[] Body) : InvokeOutcome;

    /// <summary>The tenant has no enabled installation of the app.</summary>
    public sealed record UnknownApp(string Detail) : InvokeOutcome;

    /// <summary>The app declares no such endpoint.</summary>
    public sealed record UnknownEndpoint(string Detail) : InvokeOutcome;

    /// <summary>The request cannot be made as given (a path leaving the remote).</summary>
    public sealed record Refused(string Path, string Detail) : InvokeOutcome;

    /// <summary>No usable answer came: the connection failed, or the answer was larger than allowed.</summary>
    public sealed record NoAnswer(string Detail) : InvokeOutcome;

    /// <summary>The remote did not answer in time.</summary>
    public sealed record TimedOut(string Detail) : InvokeOutcome;
}

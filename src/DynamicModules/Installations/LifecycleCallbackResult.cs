namespace DynamicModules.Installations;

/// <summary>How an app answered a lifecycle callback.</summary>
/// <param name="Url">Where the callback went.</param>
/// <param name="StatusCode">The app's HTTP status, or null when no answer came (timeout, refused connection).</param>
/// <param name="Detail">The start of the app's answer, or why there was none.</param>
public sealed record LifecycleCallbackResult(string Url, int? StatusCode, string Detail)
{
    /// <summary>True for a 2xx answer.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>A one-line description for problem details and audit records.</summary>
    public string Describe() => StatusCode is { } status
        ? $"The app answered HTTP {status} to {Url}: {Detail}"
        : $"The app did not answer at {Url}: {Detail}";

    /// <summary>The result when the descriptor declares no such callback.</summary>
    public static LifecycleCallbackResult NotDeclared(string eventType) => new("", 204, $"no {eventType} callback declared");
}

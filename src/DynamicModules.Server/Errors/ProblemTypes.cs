namespace DynamicModules.Server.Errors;

/// <summary>The problem type URIs (RFC 9457) the service answers with; each has a fixed title.</summary>
public static class ProblemTypes
{
    private const string Base = "https://dynamic-modules.dev/problems/";

    public const string Validation = Base + "validation";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string BadRequest = Base + "bad-request";
    public const string AppCallbackFailed = Base + "app-callback-failed";
    public const string DescriptorUnavailable = Base + "descriptor-unavailable";
    public const string RemoteUnavailable = Base + "remote-unavailable";
    public const string RemoteTimeout = Base + "remote-timeout";
    public const string PayloadTooLarge = Base + "payload-too-large";
}

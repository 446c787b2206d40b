namespace DynamicModules.Server.Errors;

/// <summary>
/// The error bodies of the app dialects: <c>{"message"}</c> plus, for validation, an <c>errors</c> list of
/// <c>{path, message}</c> (Connect and Forge clients read only <c>message</c>).
/// </summary>
public static class AppErrorResponses
{
    /// <summary>Validation failure: the message lists every problem; <c>errors</c> has them one by one.</summary>
    public sealed record ValidationMessage(string Message, IReadOnlyList<PathMessage> Errors);

    /// <summary>One validation problem.</summary>
    public sealed record PathMessage(string Path, string Message);

    /// <summary>Duplicate keys, named.</summary>
    public sealed record DuplicateMessage(string Message, IReadOnlyList<string> Keys);
}

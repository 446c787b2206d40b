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

    /// <summary>
    /// How the API reference describes every app-dialect refusal: a <c>message</c>, plus <c>errors</c> for an invalid
    /// body and <c>keys</c> for duplicates. <see cref="ValidationMessage"/>, <see cref="DuplicateMessage"/> and
    /// <see cref="ConnectMessage"/> all have this shape.
    /// </summary>
    public sealed record AppRefusal
    {
        /// <summary>What is wrong, in words; the only member Connect and Forge clients read.</summary>
        public required string Message { get; init; }

        /// <summary>Every problem with its JSON path, for an invalid body.</summary>
        public IReadOnlyList<PathMessage>? Errors { get; init; }

        /// <summary>The keys that clash, for duplicates.</summary>
        public IReadOnlyList<string>? Keys { get; init; }
    }
}

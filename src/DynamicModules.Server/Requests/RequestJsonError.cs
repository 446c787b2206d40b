namespace DynamicModules.Server.Requests;

/// <summary>Why a request body was not read: the JSON path of the problem and a message that names it.</summary>
/// <param name="Path"><c>$</c> for the body itself, else the member's path.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="TooLarge">True when the body is over <see cref="RequestJson.MaxBytes"/> (413 rather than 400).</param>
public sealed record RequestJsonError(string Path, string Message, bool TooLarge);

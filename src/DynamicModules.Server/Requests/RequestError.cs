namespace DynamicModules.Server.Requests;

/// <summary>One problem of a request: the JSON path of the member (<c>$</c> for the body) and what is wrong.</summary>
/// <param name="Path">For example <c>limits.perApp</c>.</param>
/// <param name="Message">What is wrong, in words that name the member.</param>
public sealed record RequestError(string Path, string Message);

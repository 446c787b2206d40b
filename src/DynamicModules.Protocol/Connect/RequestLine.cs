namespace DynamicModules.Protocol.Connect;

/// <summary>The parts of an HTTP request that a Connect <c>qsh</c> covers, as they were on the wire.</summary>
/// <param name="Method">HTTP method, any case.</param>
/// <param name="RawPath">The path as sent (percent-escapes untouched), without the query.</param>
/// <param name="RawQuery">The raw query string, with or without the leading <c>?</c>; null or empty when none.</param>
public sealed record RequestLine(string Method, string RawPath, string? RawQuery);

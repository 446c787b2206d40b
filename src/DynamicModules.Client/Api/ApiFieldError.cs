namespace DynamicModules.Client.Api;

/// <summary>One problem the service found in a request.</summary>
/// <param name="Path">The JSON path of the offending value, e.g. <c>webItems[0].key</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record ApiFieldError(string Path, string Message);

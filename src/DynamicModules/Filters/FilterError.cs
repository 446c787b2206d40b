namespace DynamicModules.Filters;

/// <summary>A compile-time problem in a filter: syntax, type or limit, at a 1-based line and column.</summary>
/// <param name="Message">What is wrong, in words fit for an API response.</param>
/// <param name="Line">1-based line of the offending token.</param>
/// <param name="Column">1-based column (in UTF-16 code units) of the offending token.</param>
public sealed record FilterError(string Message, int Line, int Column);

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Aborts parsing at the first syntax error. Parsing stops there because later errors after a syntax error are
/// mostly noise; type errors, which are reported all at once, do not use this.
/// </summary>
internal sealed class FilterSyntaxException(FilterError error) : Exception(error.Message)
{
    public FilterError Error { get; } = error;
}

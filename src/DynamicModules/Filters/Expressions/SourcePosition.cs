namespace DynamicModules.Filters.Expressions;

/// <summary>A 1-based line and column in filter source, shared by the expression and JQL front ends.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public FilterError Error(string message) => new(message, Line, Column);
}

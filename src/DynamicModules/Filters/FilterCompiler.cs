using DynamicModules.Filters.Expressions;
using DynamicModules.Filters.Jql;

namespace DynamicModules.Filters;

/// <summary>
/// Parses, type-checks and compiles trigger filters (Jira-expression subset) and webhook filters (JQL subset) into
/// <see cref="CompiledFilter"/>s. Compile once at registration; evaluate per event.
/// </summary>
public static class FilterCompiler
{
    /// <summary>
    /// Compiles <paramref name="source"/>. Never throws for bad input: syntax errors (the first one), type errors
    /// (all of them) and limit violations come back in <see cref="FilterCompilation.Errors"/> with 1-based positions.
    /// </summary>
    public static FilterCompilation Compile(FilterLanguage language, string source, FilterLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= FilterLimits.Default;
        if (source.Length > limits.MaxLength)
        {
            var position = PositionOf(source, limits.MaxLength);
            return Failed(new FilterError(
                $"The filter is too long ({source.Length} characters), limit: {limits.MaxLength} characters.", position.Line, position.Column));
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            return Failed(new FilterError("The filter is empty.", 1, 1));
        }

        try
        {
            return language switch
            {
                FilterLanguage.Expression => CompileExpression(source, limits),
                FilterLanguage.Jql => CompileJql(source, limits),
                _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown filter language."),
            };
        }
        catch (FilterSyntaxException e)
        {
            return Failed(e.Error);
        }
    }

    /// <summary>
    /// Compiles a Jira expression whose variables are <paramref name="variables"/> rather than <c>event</c> (a Connect
    /// <c>jira_expression</c> condition: <c>user</c>, <c>project</c>, <c>space</c>). The payload given to
    /// <see cref="CompiledFilter.Evaluate(System.Text.Json.JsonElement)"/> is then an object holding each variable as
    /// a property; a missing one is null. Errors, limits and the step budget are those of <see cref="Compile"/>.
    /// </summary>
    public static FilterCompilation CompileWithVariables(string source, IReadOnlyList<string> variables, FilterLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(variables);
        limits ??= FilterLimits.Default;
        if (source.Length > limits.MaxLength || string.IsNullOrWhiteSpace(source))
        {
            return Compile(FilterLanguage.Expression, source, limits);
        }

        try
        {
            return CompileExpression(source, limits, variables);
        }
        catch (FilterSyntaxException e)
        {
            return Failed(e.Error);
        }
    }

    private static FilterCompilation CompileExpression(string source, FilterLimits limits, IReadOnlyList<string>? variables = null)
    {
        var syntax = ExpressionParser.Parse(source);
        var check = ExpressionTypeChecker.Check(syntax, variables);
        if (check.Errors.Count > 0)
        {
            return new FilterCompilation(null, check.Errors, check.Cost);
        }

        var program = ExpressionCompiler.Compile(syntax, check.LocalCount, limits.MaxSteps, variables, out var paths, out var pathTests);
        return new FilterCompilation(new CompiledFilter(FilterLanguage.Expression, program, paths, pathTests), [], check.Cost);
    }

    private static FilterCompilation CompileJql(string source, FilterLimits limits)
    {
        var query = JqlParser.Parse(source);
        var program = JqlCompiler.Compile(query, limits.MaxSteps, out var paths);
        return new FilterCompilation(new CompiledFilter(FilterLanguage.Jql, program, paths), [], JqlCompiler.Cost(query));
    }

    private static FilterCompilation Failed(FilterError error) => new(null, [error], 0);

    /// <summary>The line and column of a character offset, for errors that are not tied to a token.</summary>
    private static SourcePosition PositionOf(string source, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(line, offset - lineStart + 1);
    }
}

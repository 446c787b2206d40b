namespace DynamicModules.Client.Api;

/// <summary>What the service found in one filter expression or JQL.</summary>
/// <param name="Expression">The text analysed.</param>
/// <param name="Language"><c>expression</c> or <c>jql</c>.</param>
/// <param name="Valid">True when it compiles.</param>
/// <param name="Errors">The problems with their positions; empty when valid.</param>
/// <param name="Cost">The compiled filter's cost estimate.</param>
public sealed record ExpressionAnalysis(string Expression, string Language, bool Valid, IReadOnlyList<ExpressionError> Errors, int Cost);

/// <summary>A problem in an expression, at a 1-based line and column.</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">The line.</param>
/// <param name="Column">The column.</param>
public sealed record ExpressionError(string Message, int Line, int Column);

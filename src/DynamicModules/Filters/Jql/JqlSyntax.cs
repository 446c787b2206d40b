using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters.Jql;

/// <summary>The operators of the JQL subset.</summary>
internal enum JqlOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Contains,
    IsEmpty,
    IsNotEmpty,
}

/// <summary>The syntax tree of a JQL query: clauses joined by AND, OR and NOT.</summary>
internal abstract record JqlSyntax(SourcePosition Position);

/// <summary>One <c>field operator value(s)</c> clause; <see cref="Values"/> is empty for the emptiness operators.</summary>
internal sealed record JqlClause(SourcePosition Position, JqlField Field, JqlOperator Operator, IReadOnlyList<string> Values) : JqlSyntax(Position);

internal sealed record JqlAnd(SourcePosition Position, JqlSyntax Left, JqlSyntax Right) : JqlSyntax(Position);

internal sealed record JqlOr(SourcePosition Position, JqlSyntax Left, JqlSyntax Right) : JqlSyntax(Position);

internal sealed record JqlNot(SourcePosition Position, JqlSyntax Operand) : JqlSyntax(Position);

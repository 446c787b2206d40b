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

/// <summary>
/// Two or more operands joined by AND, kept as one list (not nested pairs) so that a long chain costs no stack depth
/// in the passes over the tree; <see cref="JqlSyntax.Position"/> is the first AND.
/// </summary>
internal sealed record JqlAnd(SourcePosition Position, IReadOnlyList<JqlSyntax> Operands) : JqlSyntax(Position);

/// <summary>Two or more operands joined by OR, as a list like <see cref="JqlAnd"/>; the position is the first OR.</summary>
internal sealed record JqlOr(SourcePosition Position, IReadOnlyList<JqlSyntax> Operands) : JqlSyntax(Position);

internal sealed record JqlNot(SourcePosition Position, JqlSyntax Operand) : JqlSyntax(Position);

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Left-nested chains in the syntax tree: <c>event.a.b[0].trim()</c> and <c>a &amp;&amp; b &amp;&amp; c</c> (or
/// <c>1 + 2 - 3</c>) are as deep as they are long, since each link holds the rest of the chain as its operand. A
/// filter of 10,000 characters can hold a chain of thousands of links, so the passes over the tree walk chains in a
/// loop instead of recursing into the operand, which keeps their stack depth bounded by the parser's nesting limit.
/// </summary>
internal static class ExpressionChains
{
    /// <summary>
    /// The operand <paramref name="node"/> applies to when it is a chain link (member, index, method call, a call of
    /// a non-method, or a binary operator, whose operand is its left side); null for every other node.
    /// </summary>
    public static ExpressionSyntax? Operand(ExpressionSyntax node) => node switch
    {
        MemberSyntax member => member.Target,
        IndexSyntax index => index.Target,
        CallSyntax call => call.Target,
        InvalidCallSyntax { Callee: not IdentifierSyntax } invalid => invalid.Callee,
        BinarySyntax binary => binary.Left,
        _ => null,
    };

    /// <summary>
    /// The operand of a member, index or method-call link; null for every other node. Binary operators are a separate
    /// kind of chain for the compiler, because they evaluate differently.
    /// </summary>
    public static ExpressionSyntax? AccessOperand(ExpressionSyntax node) => node switch
    {
        MemberSyntax member => member.Target,
        IndexSyntax index => index.Target,
        CallSyntax call => call.Target,
        _ => null,
    };

    /// <summary>
    /// Appends the links of the chain ending at <paramref name="outermost"/> to <paramref name="links"/>, outermost
    /// first, and returns the innermost operand (the first thing evaluated). <paramref name="operand"/> says what
    /// counts as a link: <see cref="Operand"/> by default.
    /// </summary>
    public static ExpressionSyntax Collect(ExpressionSyntax outermost, List<ExpressionSyntax> links, Func<ExpressionSyntax, ExpressionSyntax?>? operand = null)
    {
        operand ??= Operand;
        var current = outermost;
        while (operand(current) is { } inner)
        {
            links.Add(current);
            current = inner;
        }

        return current;
    }
}

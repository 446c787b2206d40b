namespace DynamicModules.Filters.Expressions;

/// <summary>
/// The syntax tree of a filter expression. The parser builds it, the type checker fills in <see cref="Type"/> and
/// resolves identifiers, and the compiler turns it into closures.
/// </summary>
internal abstract class ExpressionSyntax(SourcePosition position)
{
    /// <summary>Where the node's defining token is: the operator of a binary node, the name of a member or method.</summary>
    public SourcePosition Position { get; } = position;

    public StaticType Type { get; set; } = StaticType.Any;
}

internal sealed class LiteralSyntax(SourcePosition position, Value value) : ExpressionSyntax(position)
{
    public Value Value { get; } = value;
}

internal sealed class ListLiteralSyntax(SourcePosition position, IReadOnlyList<ExpressionSyntax> items) : ExpressionSyntax(position)
{
    public IReadOnlyList<ExpressionSyntax> Items { get; } = items;
}

internal sealed class MapLiteralSyntax(SourcePosition position, IReadOnlyList<KeyValuePair<string, ExpressionSyntax>> entries) : ExpressionSyntax(position)
{
    public IReadOnlyList<KeyValuePair<string, ExpressionSyntax>> Entries { get; } = entries;
}

/// <summary>A variable: <c>event</c> (slot -1) or an arrow parameter (slot ≥ 0), resolved by the type checker.</summary>
internal sealed class IdentifierSyntax(SourcePosition position, string name) : ExpressionSyntax(position)
{
    public const int EventSlot = -1;

    public string Name { get; } = name;

    public int Slot { get; set; } = EventSlot;
}

internal sealed class MemberSyntax(SourcePosition position, ExpressionSyntax target, string name, bool optional) : ExpressionSyntax(position)
{
    public ExpressionSyntax Target { get; } = target;

    public string Name { get; } = name;

    public bool Optional { get; } = optional;
}

internal sealed class IndexSyntax(SourcePosition position, ExpressionSyntax target, ExpressionSyntax index, bool optional) : ExpressionSyntax(position)
{
    public ExpressionSyntax Target { get; } = target;

    public ExpressionSyntax Index { get; } = index;

    public bool Optional { get; } = optional;
}

/// <summary>A method call <c>target.name(arguments)</c>; the only kind of call the language has.</summary>
internal sealed class CallSyntax(SourcePosition position, ExpressionSyntax target, string name, IReadOnlyList<ExpressionSyntax> arguments, bool optional) : ExpressionSyntax(position)
{
    public ExpressionSyntax Target { get; } = target;

    public string Name { get; } = name;

    public IReadOnlyList<ExpressionSyntax> Arguments { get; } = arguments;

    public bool Optional { get; } = optional;
}

/// <summary>A call of something that is not a method, such as <c>foo()</c>; kept so the checker can say why it is wrong.</summary>
internal sealed class InvalidCallSyntax(SourcePosition position, ExpressionSyntax callee) : ExpressionSyntax(position)
{
    public ExpressionSyntax Callee { get; } = callee;
}

/// <summary>
/// The end of a member/index/call chain that contains <c>?.</c>. When an optional link meets null the rest of the
/// chain is skipped and the whole chain is null, as in JavaScript (<c>a?.b.c</c> is null when <c>a</c> is).
/// </summary>
internal sealed class OptionalChainSyntax(ExpressionSyntax chain) : ExpressionSyntax(chain.Position)
{
    public ExpressionSyntax Chain { get; } = chain;
}

internal sealed class UnarySyntax(SourcePosition position, TokenKind op, ExpressionSyntax operand) : ExpressionSyntax(position)
{
    public TokenKind Operator { get; } = op;

    public ExpressionSyntax Operand { get; } = operand;
}

internal sealed class BinarySyntax(SourcePosition position, TokenKind op, ExpressionSyntax left, ExpressionSyntax right) : ExpressionSyntax(position)
{
    public TokenKind Operator { get; } = op;

    public ExpressionSyntax Left { get; } = left;

    public ExpressionSyntax Right { get; } = right;
}

internal sealed class ConditionalSyntax(SourcePosition position, ExpressionSyntax condition, ExpressionSyntax whenTrue, ExpressionSyntax whenFalse) : ExpressionSyntax(position)
{
    public ExpressionSyntax Condition { get; } = condition;

    public ExpressionSyntax WhenTrue { get; } = whenTrue;

    public ExpressionSyntax WhenFalse { get; } = whenFalse;
}

/// <summary>An arrow function; legal only as the argument of a list method. Parameters get local slots from the checker.</summary>
internal sealed class ArrowSyntax(SourcePosition position, IReadOnlyList<string> parameters, ExpressionSyntax body) : ExpressionSyntax(position)
{
    public IReadOnlyList<string> Parameters { get; } = parameters;

    public ExpressionSyntax Body { get; } = body;

    public int FirstSlot { get; set; }
}

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Infers static types over the syntax tree, resolves identifiers to slots, reports every definite error with its
/// position, and computes the static cost. Values read from <c>event</c> are <see cref="StaticType.Any"/> and are
/// checked at run time instead, so only mistakes that would fail for every payload are reported here.
/// </summary>
internal sealed class ExpressionTypeChecker
{
    /// <summary>Assumed elements per list for the cost figure: callback bodies count this many times.</summary>
    public const int CallbackWeight = 10;

    private readonly List<FilterError> errors = [];

    // Arrow parameters in scope by name, innermost last; a dictionary so that looking a name up does not cost more
    // with every parameter in scope (an arrow may declare hundreds before it is refused for not taking exactly one).
    private readonly Dictionary<string, List<(int Slot, StaticType Type)>> scope = new(StringComparer.Ordinal);

    // The links of the chains being visited (see ExpressionChains), shared by nested visits: each uses the top.
    private readonly List<ExpressionSyntax> chainLinks = [];
    // Null for trigger filters (whose one variable is `event`); otherwise the names bound to the first local slots.
    private readonly IReadOnlyList<string>? variables;
    private int slotCount;
    private long weight = 1;
    private long cost;

    private ExpressionTypeChecker(IReadOnlyList<string>? variables)
    {
        this.variables = variables;
        foreach (var name in variables ?? [])
        {
            scope[name] = [(slotCount++, StaticType.Any)];
        }
    }

    public sealed record Result(IReadOnlyList<FilterError> Errors, int LocalCount, int Cost);

    public static Result Check(ExpressionSyntax root, IReadOnlyList<string>? variables = null)
    {
        var checker = new ExpressionTypeChecker(variables);
        var type = checker.Visit(root);
        if (!type.Admits(TypeKind.Boolean))
        {
            checker.Error(root.Position, $"The expression must evaluate to a Boolean, but its type is {type}.");
        }

        var ordered = checker.errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new Result(ordered, checker.slotCount, (int)Math.Min(checker.cost, int.MaxValue));
    }

    private void Error(SourcePosition position, string message) => errors.Add(position.Error(message));

    /// <summary>
    /// Visits a node. A chain (<c>a.b.c</c>, <c>a &amp;&amp; b &amp;&amp; c</c>) is walked in a loop from its innermost
    /// operand outwards, so its length costs neither stack depth nor repeated work.
    /// </summary>
    private StaticType Visit(ExpressionSyntax node)
    {
        if (ExpressionChains.Operand(node) is null)
        {
            return VisitSingle(node);
        }

        var first = chainLinks.Count;
        var innermost = ExpressionChains.Collect(node, chainLinks);
        var type = VisitSingle(innermost);
        for (var i = chainLinks.Count - 1; i >= first; i--)
        {
            type = VisitLink(chainLinks[i], type);
        }

        chainLinks.RemoveRange(first, chainLinks.Count - first);
        return type;
    }

    private StaticType VisitSingle(ExpressionSyntax node)
    {
        cost += weight;
        var type = node switch
        {
            LiteralSyntax literal => LiteralType(literal.Value),
            ListLiteralSyntax list => VisitList(list),
            MapLiteralSyntax map => VisitMap(map),
            IdentifierSyntax identifier => VisitIdentifier(identifier),
            InvalidCallSyntax invalid => VisitInvalidCall(invalid),
            OptionalChainSyntax chain => VisitOptionalChain(chain),
            UnarySyntax unary => VisitUnary(unary),
            ConditionalSyntax conditional => VisitConditional(conditional),
            ArrowSyntax arrow => VisitMisplacedArrow(arrow),
            _ => throw new InvalidOperationException($"Unknown syntax node {node.GetType().Name}."),
        };
        node.Type = type;
        return type;
    }

    /// <summary>Visits one link of a chain, given the type of the operand it applies to (already visited).</summary>
    private StaticType VisitLink(ExpressionSyntax link, StaticType operand)
    {
        cost += weight;
        var type = link switch
        {
            MemberSyntax member => VisitMember(member, operand),
            IndexSyntax index => VisitIndex(index, operand),
            CallSyntax call => VisitCall(call, operand),
            InvalidCallSyntax invalid => VisitInvalidCall(invalid),
            BinarySyntax binary => VisitBinary(binary, operand),
            _ => throw new InvalidOperationException($"{link.GetType().Name} is not a chain link."),
        };
        link.Type = type;
        return type;
    }

    private static StaticType LiteralType(Value value) => value.Kind switch
    {
        ValueKind.Boolean => StaticType.Boolean,
        ValueKind.Number => StaticType.Number,
        ValueKind.String => StaticType.String,
        _ => StaticType.Null,
    };

    private StaticType VisitList(ListLiteralSyntax list)
    {
        StaticType? element = null;
        foreach (var item in list.Items)
        {
            var type = Visit(item);
            element = element is null || element == type ? type : StaticType.Any;
        }

        return StaticType.ListOf(element ?? StaticType.Any);
    }

    private StaticType VisitMap(MapLiteralSyntax map)
    {
        foreach (var entry in map.Entries)
        {
            Visit(entry.Value);
        }

        return StaticType.Map;
    }

    private StaticType VisitIdentifier(IdentifierSyntax identifier)
    {
        if (scope.TryGetValue(identifier.Name, out var bindings) && bindings.Count > 0)
        {
            identifier.Slot = bindings[^1].Slot;
            return bindings[^1].Type;
        }

        if (variables is not null)
        {
            Error(identifier.Position, $"Unknown identifier '{identifier.Name}'; the variables are {string.Join(", ", variables)}.");
        }
        else if (identifier.Name != "event")
        {
            Error(identifier.Position, $"Unknown identifier '{identifier.Name}'; the only variable is 'event'.");
        }

        return StaticType.Any;
    }

    private StaticType VisitMember(MemberSyntax member, StaticType target)
    {
        switch (target.Kind)
        {
            case TypeKind.Any:
                return StaticType.Any;
            case TypeKind.Map:
                return StaticType.Any;
            case TypeKind.String or TypeKind.List when member.Name == "length":
                return StaticType.Number;
            case TypeKind.Null when member.Optional:
                return StaticType.Null;
            case TypeKind.Null:
                Error(member.Position, $"Cannot read property '{member.Name}' of null.");
                return StaticType.Any;
            default:
                var hint = ExpressionMethod.Find(member.Name) is not null ? $" ('{member.Name}' is a method and must be called)" : "";
                Error(member.Position, $"{target} has no property '{member.Name}'{hint}.");
                return StaticType.Any;
        }
    }

    private StaticType VisitIndex(IndexSyntax index, StaticType target)
    {
        var key = Visit(index.Index);
        switch (target.Kind)
        {
            case TypeKind.Any:
                return StaticType.Any;
            case TypeKind.List or TypeKind.String:
                if (!key.Admits(TypeKind.Number))
                {
                    Error(index.Index.Position, $"A {target.Kind} index must be a Number, not {key}.");
                }

                return target.Kind == TypeKind.String ? StaticType.Any : target.Element ?? StaticType.Any;
            case TypeKind.Map:
                if (!key.Admits(TypeKind.String))
                {
                    Error(index.Index.Position, $"A Map key must be a String, not {key}.");
                }

                return StaticType.Any;
            case TypeKind.Null when index.Optional:
                return StaticType.Null;
            default:
                Error(index.Position, $"Cannot index a value of type {target}.");
                return StaticType.Any;
        }
    }

    private StaticType VisitCall(CallSyntax call, StaticType target)
    {
        var method = ExpressionMethod.Find(call.Name);
        if (method is null)
        {
            Error(call.Position, $"Unknown method '{call.Name}'.");
            VisitArgumentsLoosely(call.Arguments);
            return StaticType.Any;
        }

        var receivers = target.Kind switch
        {
            TypeKind.Any => MethodReceivers.List | MethodReceivers.String,
            TypeKind.List => MethodReceivers.List,
            TypeKind.String => MethodReceivers.String,
            _ => MethodReceivers.None,
        };
        if ((receivers & method.Receivers) == 0)
        {
            if (!(target.Kind == TypeKind.Null && call.Optional))
            {
                Error(call.Position, $"{target} has no method '{call.Name}'.");
            }

            VisitArgumentsLoosely(call.Arguments);
            return StaticType.Any;
        }

        if (call.Arguments.Count != method.Arity)
        {
            Error(call.Position, $"Method '{call.Name}' expects {method.Arity} argument{(method.Arity == 1 ? "" : "s")}, but {call.Arguments.Count} given.");
            VisitArgumentsLoosely(call.Arguments);
            return StaticType.Any;
        }

        if (method.TakesCallback)
        {
            var element = target.Kind == TypeKind.List ? target.Element ?? StaticType.Any : StaticType.Any;
            var bodyType = VisitCallback(call.Arguments[0], element, method);
            return call.Name switch
            {
                "map" => StaticType.ListOf(bodyType),
                "filter" => target.Kind == TypeKind.List ? target : StaticType.ListOfAny,
                _ => StaticType.Boolean,
            };
        }

        foreach (var argument in call.Arguments)
        {
            var argumentType = Visit(argument);
            if (target.Kind == TypeKind.String && !argumentType.Admits(TypeKind.String))
            {
                Error(argument.Position, $"Method '{call.Name}' of String expects a String argument, not {argumentType}.");
            }
        }

        return call.Name switch
        {
            "indexOf" => StaticType.Number,
            "toLowerCase" or "toUpperCase" or "trim" => StaticType.String,
            _ => StaticType.Boolean,
        };
    }

    private StaticType VisitCallback(ExpressionSyntax argument, StaticType element, ExpressionMethod method)
    {
        if (argument is not ArrowSyntax arrow)
        {
            Visit(argument);
            Error(argument.Position, $"Method '{method.Name}' expects an arrow function such as 'x => ...'.");
            return StaticType.Any;
        }

        cost += weight;
        if (arrow.Parameters.Count != 1)
        {
            Error(arrow.Position, $"The function given to '{method.Name}' must take exactly one parameter.");
        }

        arrow.FirstSlot = slotCount;
        foreach (var parameter in arrow.Parameters)
        {
            if (!scope.TryGetValue(parameter, out var bindings))
            {
                scope[parameter] = bindings = [];
            }

            bindings.Add((slotCount++, element));
        }

        // Saturated, so that callbacks nested ten deep do not overflow the weight into nonsense.
        var outerWeight = weight;
        weight = Math.Min(weight * CallbackWeight, int.MaxValue);
        var body = Visit(arrow.Body);
        weight = outerWeight;
        foreach (var parameter in arrow.Parameters)
        {
            scope[parameter].RemoveAt(scope[parameter].Count - 1);
        }

        if (method.IsPredicate && !body.Admits(TypeKind.Boolean))
        {
            Error(arrow.Body.Position, $"The function given to '{method.Name}' must return a Boolean, not {body}.");
        }

        arrow.Type = StaticType.Function;
        return body;
    }

    private void VisitArgumentsLoosely(IReadOnlyList<ExpressionSyntax> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument is not ArrowSyntax)
            {
                Visit(argument);
            }
        }
    }

    /// <summary>Reports a call of a non-method; a callee other than a bare name was visited as the chain's operand.</summary>
    private StaticType VisitInvalidCall(InvalidCallSyntax invalid)
    {
        var what = invalid.Callee is IdentifierSyntax identifier ? $"Unknown function '{identifier.Name}'" : "This value cannot be called";
        Error(invalid.Position, $"{what}; only methods of lists and strings can be called.");
        return StaticType.Any;
    }

    private StaticType VisitOptionalChain(OptionalChainSyntax chain)
    {
        var type = Visit(chain.Chain);
        return type.Kind == TypeKind.Null ? StaticType.Null : StaticType.Any;
    }

    private StaticType VisitUnary(UnarySyntax unary)
    {
        var operand = Visit(unary.Operand);
        if (unary.Operator == TokenKind.Bang)
        {
            if (!operand.Admits(TypeKind.Boolean))
            {
                Error(unary.Position, $"Operator '!' needs a Boolean operand, not {operand}.");
            }

            return StaticType.Boolean;
        }

        if (!operand.Admits(TypeKind.Number))
        {
            Error(unary.Position, $"Operator '-' needs a Number operand, not {operand}.");
        }

        return StaticType.Number;
    }

    private StaticType VisitBinary(BinarySyntax binary, StaticType left)
    {
        var right = Visit(binary.Right);
        var symbol = OperatorSymbol(binary.Operator);
        switch (binary.Operator)
        {
            case TokenKind.AndAnd or TokenKind.OrOr:
                if (!left.Admits(TypeKind.Boolean) || !right.Admits(TypeKind.Boolean))
                {
                    Error(binary.Position, $"Operator '{symbol}' needs Boolean operands, not {left} and {right}.");
                }

                return StaticType.Boolean;
            case TokenKind.EqualEqual or TokenKind.NotEqual:
                return StaticType.Boolean;
            case TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual:
                if (!IsComparable(left) || !IsComparable(right))
                {
                    Error(binary.Position, $"Operator '{symbol}' compares Numbers or Strings, not {left} and {right}.");
                }
                else if (!left.IsAny && !right.IsAny && left.Kind != right.Kind)
                {
                    Error(binary.Position, $"Can't compare {left} to {right}.");
                }

                return StaticType.Boolean;
            case TokenKind.Plus:
                if (!IsAddable(left) || !IsAddable(right) || (!left.IsAny && !right.IsAny && left.Kind != right.Kind))
                {
                    Error(binary.Position, $"Operator '+' adds two Numbers or joins two Strings, not {left} and {right}.");
                    return StaticType.Any;
                }

                return left.IsAny ? right : left;
            default:
                if (!left.Admits(TypeKind.Number) || !right.Admits(TypeKind.Number))
                {
                    Error(binary.Position, $"Operator '{symbol}' needs Number operands, not {left} and {right}.");
                }

                return StaticType.Number;
        }
    }

    private static bool IsComparable(StaticType type) => type.Kind is TypeKind.Any or TypeKind.Number or TypeKind.String;

    private static bool IsAddable(StaticType type) => IsComparable(type);

    private StaticType VisitConditional(ConditionalSyntax conditional)
    {
        var condition = Visit(conditional.Condition);
        if (!condition.Admits(TypeKind.Boolean))
        {
            Error(conditional.Position, $"The condition of '?:' must be a Boolean, not {condition}.");
        }

        var whenTrue = Visit(conditional.WhenTrue);
        var whenFalse = Visit(conditional.WhenFalse);
        return whenTrue == whenFalse ? whenTrue : StaticType.Any;
    }

    private StaticType VisitMisplacedArrow(ArrowSyntax arrow)
    {
        Error(arrow.Position, "Arrow functions are only allowed as arguments of list methods (map, filter, some, every).");
        return StaticType.Function;
    }

    public static string OperatorSymbol(TokenKind kind) => kind switch
    {
        TokenKind.AndAnd => "&&",
        TokenKind.OrOr => "||",
        TokenKind.EqualEqual => "==",
        TokenKind.NotEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Bang => "!",
        _ => kind.ToString(),
    };
}

using System.Text;
using System.Text.Json;

namespace DynamicModules.Filters.Expressions;

/// <summary>Evaluates one compiled node.</summary>
internal delegate Value Evaluator(EvaluationContext context);

/// <summary>Applies one compiled chain link (member, index, method call, binary operator) to the value of its operand.</summary>
internal delegate Value LinkEvaluator(EvaluationContext context, Value operand);

/// <summary>
/// Turns a type-checked syntax tree into a tree of closures; every node counts one step before doing its work.
/// Closures rather than System.Linq.Expressions: they compile in microseconds, need no dynamic code, and already
/// evaluate within 1.4× of hand-written C# (docs/benchmarks.md), where the payload lookups dominate, not dispatch.
/// </summary>
internal sealed class ExpressionCompiler
{
    private readonly SharedEventPaths sharedPaths;
    private readonly FilterPaths paths = new();

    private ExpressionCompiler(SharedEventPaths sharedPaths) => this.sharedPaths = sharedPaths;

    /// <summary>
    /// Compiles <paramref name="root"/>; <paramref name="paths"/> receives the payload paths it reads by name, and
    /// <paramref name="pathTests"/> the closure-free form over extracted values when the filter has that shape.
    /// </summary>
    public static FilterProgram Compile(ExpressionSyntax root, int localCount, int maxSteps, out FilterPaths paths, out PathTestChain? pathTests) =>
        Compile(root, localCount, maxSteps, null, out paths, out pathTests);

    /// <summary>
    /// Compiles <paramref name="root"/>, checked with <paramref name="variables"/> bound to its first local slots: each
    /// is read from the payload's property of that name (null when missing) before the expression runs.
    /// </summary>
    public static FilterProgram Compile(
        ExpressionSyntax root, int localCount, int maxSteps, IReadOnlyList<string>? variables, out FilterPaths paths, out PathTestChain? pathTests)
    {
        var compiler = new ExpressionCompiler(SharedEventPaths.Find(root));
        var evaluate = compiler.Compile(root);
        var memoCount = compiler.sharedPaths.Count;
        pathTests = PathTestChain.TryCreate(root, compiler.paths, maxSteps);
        paths = compiler.paths;
        return (payload, extracted, slots) =>
        {
            var context = EvaluationContext.Rent(payload, maxSteps, localCount, memoCount, extracted, slots);
            try
            {
                for (var slot = 0; slot < (variables?.Count ?? 0); slot++)
                {
                    context.Locals[slot] = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(variables![slot], out var bound)
                        ? Value.FromJson(bound)
                        : Value.Null;
                }

                var result = evaluate(context);
                return result.Kind == ValueKind.Boolean
                    ? new FilterOutcome(result.IsTrue, null, context.Steps)
                    : new FilterOutcome(false, $"The expression evaluated to {result.TypeName}, not a Boolean.", context.Steps);
            }
            catch (FilterRuntimeException e)
            {
                return new FilterOutcome(false, e.Message, context.Steps);
            }
            finally
            {
                EvaluationContext.Return(context);
            }
        };
    }

    private Evaluator Compile(ExpressionSyntax node) => node switch
    {
        LiteralSyntax literal => CompileLiteral(literal.Value),
        ListLiteralSyntax list => CompileList(list),
        MapLiteralSyntax map => CompileMap(map),
        IdentifierSyntax identifier => CompileIdentifier(identifier),
        MemberSyntax or IndexSyntax or CallSyntax => CompileAccessChain(node),
        OptionalChainSyntax chain => CompileOptionalChain(chain),
        UnarySyntax unary => CompileUnary(unary),
        BinarySyntax binary => CompileOperatorChain(binary),
        ConditionalSyntax conditional => CompileConditional(conditional),
        _ => throw new InvalidOperationException($"{node.GetType().Name} cannot be compiled; the type checker should have rejected it."),
    };

    private static Evaluator CompileLiteral(Value value) => context =>
    {
        context.Step();
        return value;
    };

    private Evaluator CompileList(ListLiteralSyntax list)
    {
        var items = list.Items.Select(Compile).ToArray();
        return context =>
        {
            context.Step();
            var values = new Value[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                values[i] = items[i](context);
            }

            return Value.FromList(values);
        };
    }

    private Evaluator CompileMap(MapLiteralSyntax map)
    {
        var entries = map.Entries.Select(e => (e.Key, Value: Compile(e.Value))).ToArray();
        return context =>
        {
            context.Step();
            var values = new Dictionary<string, Value>(entries.Length, StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                values[key] = value(context);
            }

            return Value.FromMap(values);
        };
    }

    private static Evaluator CompileIdentifier(IdentifierSyntax identifier)
    {
        if (identifier.Slot == IdentifierSyntax.EventSlot)
        {
            return context =>
            {
                context.Step();
                return Value.FromJson(context.Event);
            };
        }

        var slot = identifier.Slot;
        return context =>
        {
            context.Step();
            return context.Locals[slot];
        };
    }

    /// <summary>
    /// Compiles a chain of member, index and method-call links (<c>event.issue.fields.labels[0].trim()</c>) into one
    /// loop over its links. Every link counts its step before the chain's operand is evaluated, as if each link
    /// evaluated its operand itself, so the steps and the point where a budget runs out do not depend on the loop.
    /// </summary>
    private Evaluator CompileAccessChain(ExpressionSyntax outermost)
    {
        var chain = new List<ExpressionSyntax>();
        var innermostSyntax = ExpressionChains.Collect(outermost, chain, ExpressionChains.AccessOperand);
        var innermost = Compile(innermostSyntax);
        chain.Reverse();
        var links = chain.Select(CompileAccessLink).ToArray();
        var prefix = PathPrefix(innermostSyntax, chain);
        var memoSlots = chain.Select(link => link is MemberSyntax member ? sharedPaths.MemoSlotOf(member) : -1).ToArray();
        var lastMemo = Array.FindLastIndex(memoSlots, slot => slot >= 0);
        if (lastMemo < 0 && prefix.Length == 0)
        {
            return context =>
            {
                context.Step(links.Length);
                var value = innermost(context);
                foreach (var link in links)
                {
                    value = link(context, value);
                }

                return value;
            };
        }

        // Payload paths read more than once (event.issue.fields in a && b && c) are read once per evaluation; a
        // reuse still counts the steps the full read would have taken, so budgets do not change. Over extracted
        // values the member prefix of the chain is already read, for every filter of the group at once.
        return context =>
        {
            context.Step(links.Length);
            if (context.Extracted is { } extracted)
            {
                var (read, start) = ReadExtracted(context, extracted, prefix);
                for (var i = start; i < links.Length; i++)
                {
                    read = links[i](context, read);
                }

                return read;
            }

            var (value, next) = ReuseLongestMemo(context, memoSlots, lastMemo);
            if (next == 0)
            {
                value = innermost(context);
            }

            for (var i = next; i < links.Length; i++)
            {
                value = links[i](context, value);
                if (memoSlots[i] >= 0)
                {
                    context.Memo[memoSlots[i]] = value;
                }
            }

            return value;
        };
    }

    /// <summary>
    /// The path numbers of the member links that start a chain on <c>event</c> (<c>event.issue.fields</c> in
    /// <c>event.issue.fields.labels[0]</c>), registered in the filter's <see cref="FilterPaths"/>; empty for other chains.
    /// Optional members count too: on an object they read like plain ones, and on anything else the chain applies its
    /// own rule (<see cref="ReadExtracted"/>).
    /// </summary>
    private int[] PathPrefix(ExpressionSyntax innermost, List<ExpressionSyntax> links)
    {
        if (innermost is not IdentifierSyntax { Slot: IdentifierSyntax.EventSlot })
        {
            return [];
        }

        var prefix = new List<int>();
        var path = FilterPaths.Root;
        foreach (var link in links)
        {
            if (link is not MemberSyntax member)
            {
                break;
            }

            path = paths.Child(path, member.Name);
            prefix.Add(path);
        }

        return [.. prefix];
    }

    /// <summary>
    /// The value of the longest extracted prefix of a chain and the index of the first link after it. A path is
    /// extracted (resolved) when its parent is an object, and then holds exactly what the member link would read; the
    /// first link past the resolved ones meets a value that is no object, and runs as written (null, length, an error).
    /// Counts the step of <c>event</c>, which it does not evaluate.
    /// </summary>
    private static (Value Value, int Next) ReadExtracted(EvaluationContext context, ExtractedPayload extracted, int[] prefix)
    {
        context.Step();
        var slots = context.Slots;
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            ref readonly var value = ref extracted[slots[prefix[i]]];
            if (value.Resolved)
            {
                return (Value.FromJson(value.Element), i + 1);
            }
        }

        return (Value.FromJson(extracted.Root), 0);
    }

    /// <summary>
    /// The value of the longest memoised prefix of a chain and the index of the first link after it, or index 0 when
    /// none is memoised yet. A reuse counts the step of <c>event</c>, which it does not evaluate.
    /// </summary>
    private static (Value Value, int Next) ReuseLongestMemo(EvaluationContext context, int[] memoSlots, int lastMemo)
    {
        for (var i = lastMemo; i >= 0; i--)
        {
            if (memoSlots[i] >= 0 && context.Memo[memoSlots[i]].Kind != ValueKind.Skipped)
            {
                context.Step();
                return (context.Memo[memoSlots[i]], i + 1);
            }
        }

        return (Value.Skipped, 0);
    }

    private LinkEvaluator CompileAccessLink(ExpressionSyntax link) => link switch
    {
        MemberSyntax member => CompileMemberLink(member),
        IndexSyntax index => CompileIndexLink(index),
        CallSyntax call => CompileCallLink(call),
        _ => throw new InvalidOperationException($"{link.GetType().Name} is not an access link."),
    };

    private static LinkEvaluator CompileMemberLink(MemberSyntax member)
    {
        var name = member.Name;
        var utf8Name = Encoding.UTF8.GetBytes(name);
        var optional = member.Optional;
        return (context, value) => value.Kind == ValueKind.Map ? value.MapEntry(name, utf8Name) : ReadProperty(value, name, optional);
    }

    private static Value ReadProperty(in Value value, string name, bool optional) => value.Kind switch
    {
        ValueKind.Skipped => Value.Skipped,
        ValueKind.Null when optional => Value.Skipped,
        ValueKind.Null => throw new FilterRuntimeException($"Cannot read property '{name}' of null."),
        ValueKind.String when name == "length" => Value.FromNumber(value.StringLength),
        ValueKind.List when name == "length" => Value.FromNumber(value.ListLength),
        _ => throw new FilterRuntimeException($"{value.TypeName} has no property '{name}'."),
    };

    private LinkEvaluator CompileIndexLink(IndexSyntax index)
    {
        var key = Compile(index.Index);
        var optional = index.Optional;
        return (context, value) =>
        {
            if (value.Kind == ValueKind.Skipped || (value.Kind == ValueKind.Null && optional))
            {
                return Value.Skipped;
            }

            var keyValue = key(context);
            switch (value.Kind)
            {
                case ValueKind.Map when keyValue.Kind == ValueKind.String:
                    return value.MapEntry(keyValue.AsString());
                case ValueKind.List when keyValue.Kind == ValueKind.Number:
                    return IsIndex(keyValue.Number) ? value.ListItem((int)keyValue.Number) : Value.Null;
                case ValueKind.String when keyValue.Kind == ValueKind.Number:
                    {
                        var text = value.AsString();
                        return IsIndex(keyValue.Number) && keyValue.Number < text.Length ? Value.FromString(text[(int)keyValue.Number].ToString()) : Value.Null;
                    }

                case ValueKind.Null:
                    throw new FilterRuntimeException("Cannot index null.");
                default:
                    throw new FilterRuntimeException($"Cannot index a {value.TypeName} with a {keyValue.TypeName}.");
            }
        };
    }

    private static bool IsIndex(double number) => number >= 0 && number <= int.MaxValue && number == Math.Floor(number);

    private Evaluator CompileOptionalChain(OptionalChainSyntax chain)
    {
        var inner = Compile(chain.Chain);
        return context =>
        {
            var value = inner(context);
            return value.Kind == ValueKind.Skipped ? Value.Null : value;
        };
    }

    private Evaluator CompileUnary(UnarySyntax unary)
    {
        var operand = Compile(unary.Operand);
        if (unary.Operator == TokenKind.Bang)
        {
            return context =>
            {
                context.Step();
                var value = operand(context);
                return value.Kind == ValueKind.Boolean ? Value.FromBoolean(!value.IsTrue) : throw OperandError("!", "a Boolean", value);
            };
        }

        return context =>
        {
            context.Step();
            var value = operand(context);
            return value.Kind == ValueKind.Number ? Value.FromNumber(-value.Number) : throw OperandError("-", "a Number", value);
        };
    }

    private static FilterRuntimeException OperandError(string symbol, string expected, in Value actual) =>
        new($"Operator '{symbol}' needs {expected}, not {actual.TypeName}.");

    /// <summary>
    /// Compiles a left-nested chain of binary operators (<c>a &amp;&amp; b &amp;&amp; c</c>, <c>1 + 2 - 3</c>) into one loop
    /// over its links, counting every link's steps first, as nested nodes would.
    /// </summary>
    private Evaluator CompileOperatorChain(BinarySyntax outermost)
    {
        var chain = new List<ExpressionSyntax>();
        var innermostSyntax = ExpressionChains.Collect(outermost, chain, node => (node as BinarySyntax)?.Left);
        var innermost = Compile(innermostSyntax);
        chain.Reverse();
        var links = chain.Select(link => CompileOperatorLink((BinarySyntax)link)).ToArray();
        var steps = chain.Sum(link => OperatorSteps((BinarySyntax)link));

        return context =>
        {
            context.Step(steps);
            var value = innermost(context);
            foreach (var link in links)
            {
                value = link(context, value);
            }

            return value;
        };
    }

    /// <summary>
    /// The steps a binary operator counts: one, and one more for a string literal on its right, which it compares
    /// with instead of evaluating (a literal on the left is the chain's first operand and counts its own step).
    /// </summary>
    internal static int OperatorSteps(BinarySyntax binary) =>
        binary.Operator is TokenKind.EqualEqual or TokenKind.NotEqual && StringLiteral(binary.Left) is null && StringLiteral(binary.Right) is not null ? 2 : 1;

    /// <summary>One binary operator applied to its already evaluated left operand.</summary>
    private LinkEvaluator CompileOperatorLink(BinarySyntax binary)
    {
        var right = Compile(binary.Right);
        var symbol = ExpressionTypeChecker.OperatorSymbol(binary.Operator);
        switch (binary.Operator)
        {
            case TokenKind.AndAnd:
                return (context, l) =>
                {
                    if (l.Kind != ValueKind.Boolean)
                    {
                        throw OperandError(symbol, "Boolean operands", l);
                    }

                    if (!l.IsTrue)
                    {
                        return Value.False;
                    }

                    var r = right(context);
                    return r.Kind == ValueKind.Boolean ? r : throw OperandError(symbol, "Boolean operands", r);
                };
            case TokenKind.OrOr:
                return (context, l) =>
                {
                    if (l.Kind != ValueKind.Boolean)
                    {
                        throw OperandError(symbol, "Boolean operands", l);
                    }

                    if (l.IsTrue)
                    {
                        return Value.True;
                    }

                    var r = right(context);
                    return r.Kind == ValueKind.Boolean ? r : throw OperandError(symbol, "Boolean operands", r);
                };
            case TokenKind.EqualEqual or TokenKind.NotEqual when (StringLiteral(binary.Left) ?? StringLiteral(binary.Right)) is { } literal:
                {
                    // Comparing a payload string with a literal compares UTF-8 bytes in place, without decoding.
                    var utf8 = Encoding.UTF8.GetBytes(literal);
                    var negate = binary.Operator == TokenKind.NotEqual;
                    if (StringLiteral(binary.Left) is not null)
                    {
                        return (context, _) => Value.FromBoolean(right(context).EqualsString(literal, utf8) != negate);
                    }

                    return (context, l) => Value.FromBoolean(l.EqualsString(literal, utf8) != negate);
                }

            case TokenKind.EqualEqual:
                return (context, l) => Value.FromBoolean(Value.StrictEquals(l, right(context)));
            case TokenKind.NotEqual:
                return (context, l) => Value.FromBoolean(!Value.StrictEquals(l, right(context)));
            case TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual:
                var op = binary.Operator;
                return (context, l) => Value.FromBoolean(Compare(op, l, right(context)));
            case TokenKind.Plus:
                return (context, l) =>
                {
                    var r = right(context);
                    if (l.Kind == ValueKind.Number && r.Kind == ValueKind.Number)
                    {
                        return Value.FromNumber(l.Number + r.Number);
                    }

                    if (l.Kind == ValueKind.String && r.Kind == ValueKind.String)
                    {
                        return Value.FromString(l.AsString() + r.AsString());
                    }

                    throw new FilterRuntimeException($"Operator '+' adds two Numbers or joins two Strings, not {l.TypeName} and {r.TypeName}.");
                };
            default:
                Func<double, double, double> arithmetic = binary.Operator switch
                {
                    TokenKind.Minus => static (a, b) => a - b,
                    TokenKind.Star => static (a, b) => a * b,
                    TokenKind.Slash => static (a, b) => a / b,
                    _ => static (a, b) => a % b,
                };
                return (context, l) =>
                {
                    var r = right(context);
                    return l.Kind == ValueKind.Number && r.Kind == ValueKind.Number
                        ? Value.FromNumber(arithmetic(l.Number, r.Number))
                        : throw new FilterRuntimeException($"Operator '{symbol}' needs Number operands, not {l.TypeName} and {r.TypeName}.");
                };
        }
    }

    private static string? StringLiteral(ExpressionSyntax node) =>
        node is LiteralSyntax { Value.Kind: ValueKind.String } literal ? literal.Value.AsString() : null;

    private static bool Compare(TokenKind op, in Value left, in Value right)
    {
        int order;
        if (left.Kind == ValueKind.Number && right.Kind == ValueKind.Number)
        {
            // NaN compares false every way, as in JavaScript.
            if (double.IsNaN(left.Number) || double.IsNaN(right.Number))
            {
                return false;
            }

            order = left.Number.CompareTo(right.Number);
        }
        else if (left.Kind == ValueKind.String && right.Kind == ValueKind.String)
        {
            // Ordinal UTF-16 order, as JavaScript's relational operators use.
            order = string.CompareOrdinal(left.AsString(), right.AsString());
        }
        else
        {
            throw new FilterRuntimeException($"Can't compare {left.TypeName} to {right.TypeName}.");
        }

        return op switch
        {
            TokenKind.Less => order < 0,
            TokenKind.LessEqual => order <= 0,
            TokenKind.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private Evaluator CompileConditional(ConditionalSyntax conditional)
    {
        var condition = Compile(conditional.Condition);
        var whenTrue = Compile(conditional.WhenTrue);
        var whenFalse = Compile(conditional.WhenFalse);
        return context =>
        {
            context.Step();
            var test = condition(context);
            if (test.Kind != ValueKind.Boolean)
            {
                throw new FilterRuntimeException($"The condition of '?:' must be a Boolean, not {test.TypeName}.");
            }

            return test.IsTrue ? whenTrue(context) : whenFalse(context);
        };
    }

    private LinkEvaluator CompileCallLink(CallSyntax call)
    {
        var name = call.Name;
        var optional = call.Optional;
        var invoke = ExpressionMethod.Find(name)!.TakesCallback
            ? CompileCallbackMethod(name, (ArrowSyntax)call.Arguments[0])
            : CompileValueMethod(name, call.Arguments.Select(Compile).ToArray(), call.Arguments.Count == 1 ? StringLiteral(call.Arguments[0]) : null);
        return (context, receiver) => receiver.Kind switch
        {
            ValueKind.Skipped => Value.Skipped,
            ValueKind.Null when optional => Value.Skipped,
            ValueKind.Null => throw new FilterRuntimeException($"Cannot call method '{name}' of null."),
            _ => invoke(context, receiver),
        };
    }

    private Func<EvaluationContext, Value, Value> CompileCallbackMethod(string name, ArrowSyntax arrow)
    {
        var body = Compile(arrow.Body);
        var slot = arrow.FirstSlot;
        return (context, list) =>
        {
            if (list.Kind != ValueKind.List)
            {
                throw new FilterRuntimeException($"{list.TypeName} has no method '{name}'.");
            }

            switch (name)
            {
                case "map":
                    {
                        var results = new Value[list.ListLength];
                        var i = 0;
                        foreach (var item in list.EnumerateList())
                        {
                            context.Step();
                            context.Locals[slot] = item;
                            results[i++] = body(context);
                        }

                        return Value.FromList(results);
                    }

                case "filter":
                    {
                        var kept = new List<Value>();
                        foreach (var item in list.EnumerateList())
                        {
                            if (Predicate(context, slot, item, body, name))
                            {
                                kept.Add(item);
                            }
                        }

                        return Value.FromList([.. kept]);
                    }

                case "some":
                    foreach (var item in list.EnumerateList())
                    {
                        if (Predicate(context, slot, item, body, name))
                        {
                            return Value.True;
                        }
                    }

                    return Value.False;
                default:
                    foreach (var item in list.EnumerateList())
                    {
                        if (!Predicate(context, slot, item, body, name))
                        {
                            return Value.False;
                        }
                    }

                    return Value.True;
            }
        };
    }

    private static bool Predicate(EvaluationContext context, int slot, Value item, Evaluator body, string name)
    {
        context.Step();
        context.Locals[slot] = item;
        var result = body(context);
        return result.Kind == ValueKind.Boolean
            ? result.IsTrue
            : throw new FilterRuntimeException($"The function given to '{name}' returned {result.TypeName}, not a Boolean.");
    }

    private static Func<EvaluationContext, Value, Value> CompileValueMethod(string name, Evaluator[] arguments, string? literal)
    {
        var utf8 = literal is null ? null : Encoding.UTF8.GetBytes(literal);
        return (context, receiver) =>
        {
            var argument = arguments.Length == 1 ? arguments[0](context) : Value.Null;
            switch (receiver.Kind)
            {
                case ValueKind.List when name == "includes" && utf8 is not null:
                    foreach (var item in receiver.EnumerateList())
                    {
                        if (item.EqualsString(literal!, utf8))
                        {
                            return Value.True;
                        }
                    }

                    return Value.False;
                case ValueKind.List when name == "includes":
                    foreach (var item in receiver.EnumerateList())
                    {
                        if (Value.SameValueZero(item, argument))
                        {
                            return Value.True;
                        }
                    }

                    return Value.False;
                case ValueKind.List when name == "indexOf":
                    {
                        var i = 0;
                        foreach (var item in receiver.EnumerateList())
                        {
                            if (Value.StrictEquals(item, argument))
                            {
                                return Value.FromNumber(i);
                            }

                            i++;
                        }

                        return Value.FromNumber(-1);
                    }

                case ValueKind.String:
                    return StringMethod(name, receiver.AsString(), argument);
                default:
                    throw new FilterRuntimeException($"{receiver.TypeName} has no method '{name}'.");
            }
        };
    }

    private static Value StringMethod(string name, string text, in Value argument)
    {
        switch (name)
        {
            case "toLowerCase":
                return Value.FromString(text.ToLowerInvariant());
            case "toUpperCase":
                return Value.FromString(text.ToUpperInvariant());
            case "trim":
                return Value.FromString(text.Trim());
            case "includes" or "indexOf" or "startsWith" or "endsWith":
                var search = argument.Kind == ValueKind.String ? argument.AsString() : throw StringArgumentError(name, argument);
                return name switch
                {
                    "includes" => Value.FromBoolean(text.Contains(search, StringComparison.Ordinal)),
                    "indexOf" => Value.FromNumber(text.IndexOf(search, StringComparison.Ordinal)),
                    "startsWith" => Value.FromBoolean(text.StartsWith(search, StringComparison.Ordinal)),
                    _ => Value.FromBoolean(text.EndsWith(search, StringComparison.Ordinal)),
                };
            default:
                throw new FilterRuntimeException($"String has no method '{name}'.");
        }
    }

    private static FilterRuntimeException StringArgumentError(string name, in Value argument) =>
        new($"Method '{name}' of String expects a String argument, not {argument.TypeName}.");
}

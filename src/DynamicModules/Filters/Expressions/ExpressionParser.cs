namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Recursive-descent parser for the expression subset, with JavaScript precedence (lowest first): arrow, ternary
/// (right-associative), <c>||</c>, <c>&amp;&amp;</c>, equality, relational, additive, multiplicative, unary, postfix.
/// </summary>
internal sealed class ExpressionParser
{
    // Deep nesting would otherwise overflow the stack before the length limit stops it ("((((...").
    private const int MaxDepth = FilterLimits.MaxNesting;

    private readonly List<ExpressionToken> tokens;
    private int index;
    private int depth;

    private ExpressionParser(List<ExpressionToken> tokens) => this.tokens = tokens;

    /// <summary>Parses a whole expression; throws <see cref="FilterSyntaxException"/> at the first syntax error.</summary>
    public static ExpressionSyntax Parse(string source)
    {
        var parser = new ExpressionParser(ExpressionLexer.Tokenize(source));
        var expression = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected();
        }

        return expression;
    }

    private ExpressionToken Current => tokens[index];

    private ExpressionToken PeekToken(int ahead) => tokens[Math.Min(index + ahead, tokens.Count - 1)];

    private ExpressionToken Advance() => tokens[index++];

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        index++;
        return true;
    }

    private ExpressionToken Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new FilterSyntaxException(Current.Position.Error($"{what} expected, {Describe(Current)} encountered."));
        }

        return Advance();
    }

    private FilterSyntaxException Unexpected() =>
        new(Current.Position.Error($"Unexpected {Describe(Current)}."));

    private static string Describe(ExpressionToken token) => token.Kind == TokenKind.End ? "end of expression" : $"'{token.Text}'";

    private ExpressionSyntax ParseExpression()
    {
        if (++depth > MaxDepth)
        {
            throw new FilterSyntaxException(Current.Position.Error($"Expression is nested too deeply (more than {MaxDepth} levels)."));
        }

        var result = IsArrowAhead() ? ParseArrow() : ParseConditional();
        depth--;
        return result;
    }

    private bool IsArrowAhead()
    {
        if (Current.Kind == TokenKind.Identifier)
        {
            return PeekToken(1).Kind == TokenKind.Arrow;
        }

        if (Current.Kind != TokenKind.LeftParen)
        {
            return false;
        }

        // "(a, b) =>" or "() =>": a parenthesised list of identifiers followed by an arrow.
        var ahead = 1;
        if (PeekToken(ahead).Kind != TokenKind.RightParen)
        {
            while (true)
            {
                if (PeekToken(ahead).Kind != TokenKind.Identifier)
                {
                    return false;
                }

                ahead++;
                if (PeekToken(ahead).Kind == TokenKind.Comma)
                {
                    ahead++;
                    continue;
                }

                break;
            }
        }

        return PeekToken(ahead).Kind == TokenKind.RightParen && PeekToken(ahead + 1).Kind == TokenKind.Arrow;
    }

    private ArrowSyntax ParseArrow()
    {
        var position = Current.Position;
        var parameters = new List<string>();
        if (Accept(TokenKind.LeftParen))
        {
            while (Current.Kind == TokenKind.Identifier)
            {
                parameters.Add(Advance().Text);
                Accept(TokenKind.Comma);
            }

            Expect(TokenKind.RightParen, "')'");
        }
        else
        {
            parameters.Add(Advance().Text);
        }

        Expect(TokenKind.Arrow, "'=>'");
        return new ArrowSyntax(position, parameters, ParseExpression());
    }

    private ExpressionSyntax ParseConditional()
    {
        var condition = ParseBinary(0);
        if (Current.Kind != TokenKind.Question)
        {
            return condition;
        }

        var position = Advance().Position;
        var whenTrue = ParseExpression();
        Expect(TokenKind.Colon, "':'");
        var whenFalse = ParseExpression();
        return new ConditionalSyntax(position, condition, whenTrue, whenFalse);
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.OrOr => 1,
        TokenKind.AndAnd => 2,
        TokenKind.EqualEqual or TokenKind.NotEqual => 3,
        TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual => 4,
        TokenKind.Plus or TokenKind.Minus => 5,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => 6,
        _ => 0,
    };

    /// <summary>Precedence climbing over the left-associative binary operators.</summary>
    private ExpressionSyntax ParseBinary(int minimumPrecedence)
    {
        var left = ParseUnary();
        while (true)
        {
            var precedence = Precedence(Current.Kind);
            if (precedence == 0 || precedence <= minimumPrecedence)
            {
                return left;
            }

            var op = Advance();
            // A right operand of higher precedence nests one level deeper in the tree, which the checker, compiler
            // and evaluator all walk recursively: it counts against the same limit as brackets do.
            if (++depth > MaxDepth)
            {
                throw new FilterSyntaxException(op.Position.Error($"Expression is nested too deeply (more than {MaxDepth} levels)."));
            }

            var right = ParseBinary(precedence);
            depth--;
            left = new BinarySyntax(op.Position, op.Kind, left, right);
        }
    }

    private ExpressionSyntax ParseUnary()
    {
        if (Current.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            if (++depth > MaxDepth)
            {
                throw new FilterSyntaxException(Current.Position.Error($"Expression is nested too deeply (more than {MaxDepth} levels)."));
            }

            var op = Advance();
            var operand = ParseUnary();
            depth--;
            return new UnarySyntax(op.Position, op.Kind, operand);
        }

        return ParsePostfix();
    }

    private ExpressionSyntax ParsePostfix()
    {
        var expression = ParsePrimary();
        var optionalChain = false;
        while (true)
        {
            var optional = Accept(TokenKind.QuestionDot);
            optionalChain |= optional;
            if (Current.Kind == TokenKind.LeftBracket)
            {
                var position = Advance().Position;
                var indexExpression = ParseExpression();
                Expect(TokenKind.RightBracket, "']'");
                expression = new IndexSyntax(position, expression, indexExpression, optional);
            }
            else if (optional || Accept(TokenKind.Dot))
            {
                var name = Current.Kind is TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null
                    ? Advance()
                    : throw new FilterSyntaxException(Current.Position.Error($"Property name expected, {Describe(Current)} encountered."));
                if (Current.Kind == TokenKind.LeftParen)
                {
                    Advance();
                    expression = new CallSyntax(name.Position, expression, name.Text, ParseArguments(), optional);
                }
                else
                {
                    expression = new MemberSyntax(name.Position, expression, name.Text, optional);
                }
            }
            else if (Current.Kind == TokenKind.LeftParen)
            {
                var position = Advance().Position;
                ParseArguments();
                expression = new InvalidCallSyntax(position, expression);
            }
            else
            {
                return optionalChain ? new OptionalChainSyntax(expression) : expression;
            }
        }
    }

    private List<ExpressionSyntax> ParseArguments()
    {
        var arguments = new List<ExpressionSyntax>();
        if (Accept(TokenKind.RightParen))
        {
            return arguments;
        }

        do
        {
            arguments.Add(ParseExpression());
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen, "')'");
        return arguments;
    }

    private ExpressionSyntax ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralSyntax(token.Position, Value.FromNumber(token.Number));
            case TokenKind.String:
                Advance();
                return new LiteralSyntax(token.Position, Value.FromString(token.StringValue!));
            case TokenKind.True:
                Advance();
                return new LiteralSyntax(token.Position, Value.True);
            case TokenKind.False:
                Advance();
                return new LiteralSyntax(token.Position, Value.False);
            case TokenKind.Null:
                Advance();
                return new LiteralSyntax(token.Position, Value.Null);
            case TokenKind.Identifier:
                Advance();
                return new IdentifierSyntax(token.Position, token.Text);
            case TokenKind.LeftParen:
                {
                    Advance();
                    var inner = ParseExpression();
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                }

            case TokenKind.LeftBracket:
                {
                    Advance();
                    var items = new List<ExpressionSyntax>();
                    if (!Accept(TokenKind.RightBracket))
                    {
                        do
                        {
                            items.Add(ParseExpression());
                        }
                        while (Accept(TokenKind.Comma));
                        Expect(TokenKind.RightBracket, "']'");
                    }

                    return new ListLiteralSyntax(token.Position, items);
                }

            case TokenKind.LeftBrace:
                return ParseMapLiteral();
            default:
                throw Unexpected();
        }
    }

    private MapLiteralSyntax ParseMapLiteral()
    {
        var position = Advance().Position;
        var entries = new List<KeyValuePair<string, ExpressionSyntax>>();
        if (!Accept(TokenKind.RightBrace))
        {
            do
            {
                var key = Current.Kind switch
                {
                    TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null => Advance().Text,
                    TokenKind.String => Advance().StringValue!,
                    _ => throw new FilterSyntaxException(Current.Position.Error($"Property name expected, {Describe(Current)} encountered.")),
                };
                Expect(TokenKind.Colon, "':'");
                entries.Add(new(key, ParseExpression()));
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightBrace, "'}'");
        }

        return new MapLiteralSyntax(position, entries);
    }
}

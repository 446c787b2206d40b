using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters.Jql;

/// <summary>
/// Parses the JQL subset: <c>field op value</c> clauses with <c>= != IN NOT IN ~ IS [NOT] EMPTY</c>, joined by
/// <c>NOT</c>, <c>AND</c> and <c>OR</c> (in decreasing precedence) and parentheses. Keywords and field names are
/// case-insensitive, as in Jira.
/// </summary>
internal sealed class JqlParser
{
    private const int MaxDepth = FilterLimits.MaxNesting;
    private const string SupportedOperators = "=, !=, IN, NOT IN, ~, IS EMPTY, IS NOT EMPTY";

    private readonly List<JqlToken> tokens;
    private int index;
    private int depth;

    private JqlParser(List<JqlToken> tokens) => this.tokens = tokens;

    /// <summary>Parses a query; throws <see cref="FilterSyntaxException"/> with the position of the first error.</summary>
    public static JqlSyntax Parse(string source)
    {
        var parser = new JqlParser(JqlLexer.Tokenize(source));
        var query = parser.ParseOr();
        if (parser.Current.Kind != JqlTokenKind.End)
        {
            throw Error(parser.Current, $"Expected AND, OR or the end of the query, but found {Describe(parser.Current)}.");
        }

        return query;
    }

    private JqlToken Current => tokens[index];

    private JqlToken Advance() => tokens[index++];

    private static FilterSyntaxException Error(JqlToken token, string message) => new(token.Position.Error(message));

    private static string Describe(JqlToken token) => token.Kind == JqlTokenKind.End ? "the end of the query" : $"'{token.Text}'";

    private JqlSyntax ParseOr()
    {
        var first = ParseAnd();
        if (!Current.IsKeyword("OR"))
        {
            return first;
        }

        var position = Current.Position;
        var operands = new List<JqlSyntax> { first };
        while (Current.IsKeyword("OR"))
        {
            Advance();
            operands.Add(ParseAnd());
        }

        return new JqlOr(position, operands);
    }

    private JqlSyntax ParseAnd()
    {
        var first = ParseNot();
        if (!Current.IsKeyword("AND"))
        {
            return first;
        }

        var position = Current.Position;
        var operands = new List<JqlSyntax> { first };
        while (Current.IsKeyword("AND"))
        {
            Advance();
            operands.Add(ParseNot());
        }

        return new JqlAnd(position, operands);
    }

    private JqlSyntax ParseNot()
    {
        if (++depth > MaxDepth)
        {
            throw Error(Current, $"The query is nested too deeply (more than {MaxDepth} levels).");
        }

        JqlSyntax result;
        if (Current.IsKeyword("NOT"))
        {
            var position = Advance().Position;
            result = new JqlNot(position, ParseNot());
        }
        else if (Current.Kind == JqlTokenKind.LeftParen)
        {
            Advance();
            result = ParseOr();
            if (Current.Kind != JqlTokenKind.RightParen)
            {
                throw Error(Current, $"Expected ')', but found {Describe(Current)}.");
            }

            Advance();
        }
        else
        {
            result = ParseClause();
        }

        depth--;
        return result;
    }

    private JqlClause ParseClause()
    {
        var fieldToken = Current;
        if (fieldToken.Kind is not (JqlTokenKind.Word or JqlTokenKind.QuotedString))
        {
            throw Error(fieldToken, $"Expected a field name, but found {Describe(fieldToken)}.");
        }

        var field = JqlField.Find(fieldToken.Value)
            ?? throw Error(fieldToken, $"Unknown field '{fieldToken.Value}'. Supported fields: {JqlField.SupportedNames}.");
        Advance();

        var operatorToken = Current;
        var position = fieldToken.Position;
        if (operatorToken.Kind == JqlTokenKind.Operator)
        {
            Advance();
            var op = operatorToken.Text switch
            {
                "=" => JqlOperator.Equals,
                "!=" => JqlOperator.NotEquals,
                "~" => JqlOperator.Contains,
                _ => throw Error(operatorToken, $"Operator '{operatorToken.Text}' is not supported. Supported operators: {SupportedOperators}."),
            };
            if (op != JqlOperator.Contains && (Current.IsKeyword("EMPTY") || Current.IsKeyword("NULL")))
            {
                Advance();
                return new JqlClause(position, field, op == JqlOperator.Equals ? JqlOperator.IsEmpty : JqlOperator.IsNotEmpty, []);
            }

            return new JqlClause(position, field, op, [ParseValue()]);
        }

        if (operatorToken.IsKeyword("IN"))
        {
            Advance();
            return new JqlClause(position, field, JqlOperator.In, ParseList());
        }

        if (operatorToken.IsKeyword("NOT"))
        {
            Advance();
            if (!Current.IsKeyword("IN"))
            {
                throw Error(Current, $"Expected IN after NOT, but found {Describe(Current)}.");
            }

            Advance();
            return new JqlClause(position, field, JqlOperator.NotIn, ParseList());
        }

        if (operatorToken.IsKeyword("IS"))
        {
            Advance();
            var negated = Current.IsKeyword("NOT");
            if (negated)
            {
                Advance();
            }

            if (!Current.IsKeyword("EMPTY") && !Current.IsKeyword("NULL"))
            {
                throw Error(Current, $"Expected EMPTY after IS{(negated ? " NOT" : "")}, but found {Describe(Current)}.");
            }

            Advance();
            return new JqlClause(position, field, negated ? JqlOperator.IsNotEmpty : JqlOperator.IsEmpty, []);
        }

        if (operatorToken.Kind == JqlTokenKind.End)
        {
            throw Error(operatorToken, $"Expected an operator after '{fieldToken.Text}', but found the end of the query.");
        }

        throw Error(operatorToken, $"Unknown operator '{operatorToken.Text}'. Supported operators: {SupportedOperators}.");
    }

    private List<string> ParseList()
    {
        if (Current.Kind != JqlTokenKind.LeftParen)
        {
            throw Error(Current, $"Expected '(' to start a list of values, but found {Describe(Current)}.");
        }

        Advance();
        var values = new List<string> { ParseValue() };
        while (Current.Kind == JqlTokenKind.Comma)
        {
            Advance();
            values.Add(ParseValue());
        }

        if (Current.Kind != JqlTokenKind.RightParen)
        {
            throw Error(Current, $"Expected ',' or ')' in the list of values, but found {Describe(Current)}.");
        }

        Advance();
        return values;
    }

    private string ParseValue()
    {
        var token = Current;
        if (token.Kind == JqlTokenKind.QuotedString)
        {
            Advance();
            return token.Value;
        }

        if (token.Kind != JqlTokenKind.Word || IsReservedWord(token))
        {
            throw Error(token, $"Expected a value, but found {Describe(token)}.");
        }

        Advance();
        if (Current.Kind == JqlTokenKind.LeftParen)
        {
            throw Error(token, $"Function '{token.Text}()' is not supported; use a literal value.");
        }

        return token.Value;
    }

    private static bool IsReservedWord(JqlToken token) =>
        token.IsKeyword("AND") || token.IsKeyword("OR") || token.IsKeyword("NOT") || token.IsKeyword("IN") || token.IsKeyword("IS");
}

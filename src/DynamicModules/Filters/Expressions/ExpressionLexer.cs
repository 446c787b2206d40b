using System.Globalization;
using System.Text;

namespace DynamicModules.Filters.Expressions;

/// <summary>Splits expression source into tokens, tracking 1-based line and column for error messages.</summary>
internal sealed class ExpressionLexer
{
    private readonly string source;
    private int offset;
    private int line = 1;
    private int lineStart;

    private ExpressionLexer(string source) => this.source = source;

    /// <summary>Tokenizes the whole source; throws <see cref="FilterSyntaxException"/> at the first bad character.</summary>
    public static List<ExpressionToken> Tokenize(string source)
    {
        var lexer = new ExpressionLexer(source);
        var tokens = new List<ExpressionToken>();
        ExpressionToken token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);
        return tokens;
    }

    private SourcePosition Position => new(line, offset - lineStart + 1);

    private char Peek(int ahead = 0) => offset + ahead < source.Length ? source[offset + ahead] : '\0';

    private ExpressionToken Next()
    {
        SkipWhitespace();
        var position = Position;
        if (offset >= source.Length)
        {
            return new ExpressionToken(TokenKind.End, "end of expression", position);
        }

        var c = source[offset];
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return ReadNumber(position);
        }

        if (c is '\'' or '"')
        {
            return ReadString(position, c);
        }

        if (IsIdentifierStart(c))
        {
            var start = offset;
            while (offset < source.Length && IsIdentifierPart(source[offset]))
            {
                offset++;
            }

            var word = source[start..offset];
            var kind = word switch
            {
                "true" => TokenKind.True,
                "false" => TokenKind.False,
                "null" => TokenKind.Null,
                _ => TokenKind.Identifier,
            };
            return new ExpressionToken(kind, word, position);
        }

        return ReadPunctuation(position, c);
    }

    private ExpressionToken ReadPunctuation(SourcePosition position, char c)
    {
        (TokenKind Kind, int Length) match = c switch
        {
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '{' => (TokenKind.LeftBrace, 1),
            '}' => (TokenKind.RightBrace, 1),
            ',' => (TokenKind.Comma, 1),
            '.' => (TokenKind.Dot, 1),
            // "a?.5:1" is a ternary in JavaScript, so "?." followed by a digit is not optional chaining.
            '?' when Peek(1) == '.' && !char.IsAsciiDigit(Peek(2)) => (TokenKind.QuestionDot, 2),
            '?' => (TokenKind.Question, 1),
            ':' => (TokenKind.Colon, 1),
            '=' when Peek(1) == '=' && Peek(2) == '=' => throw new FilterSyntaxException(position.Error("'===' is not supported; use '==', which is already strict.")),
            '!' when Peek(1) == '=' && Peek(2) == '=' => throw new FilterSyntaxException(position.Error("'!==' is not supported; use '!=', which is already strict.")),
            '=' when Peek(1) == '>' => (TokenKind.Arrow, 2),
            '=' when Peek(1) == '=' => (TokenKind.EqualEqual, 2),
            '=' => throw new FilterSyntaxException(position.Error("Assignment is not supported; did you mean '=='?")),
            '!' when Peek(1) == '=' => (TokenKind.NotEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '<' when Peek(1) == '=' => (TokenKind.LessEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when Peek(1) == '=' => (TokenKind.GreaterEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '&' when Peek(1) == '&' => (TokenKind.AndAnd, 2),
            '|' when Peek(1) == '|' => (TokenKind.OrOr, 2),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            _ => throw new FilterSyntaxException(position.Error($"Unexpected character '{c}'.")),
        };
        var text = source.Substring(offset, match.Length);
        offset += match.Length;
        return new ExpressionToken(match.Kind, text, position);
    }

    private ExpressionToken ReadNumber(SourcePosition position)
    {
        var start = offset;
        while (char.IsAsciiDigit(Peek()))
        {
            offset++;
        }

        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            offset++;
            while (char.IsAsciiDigit(Peek()))
            {
                offset++;
            }
        }

        if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            offset += 2;
            while (char.IsAsciiDigit(Peek()))
            {
                offset++;
            }
        }

        if (IsIdentifierPart(Peek()))
        {
            throw new FilterSyntaxException(Position.Error($"Unexpected character '{Peek()}' after number."));
        }

        var text = source[start..offset];
        return new ExpressionToken(TokenKind.Number, text, position, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private ExpressionToken ReadString(SourcePosition position, char quote)
    {
        var start = offset;
        offset++;
        var value = new StringBuilder();
        while (true)
        {
            if (offset >= source.Length || source[offset] is '\n' or '\r')
            {
                throw new FilterSyntaxException(position.Error("Unterminated string literal."));
            }

            var c = source[offset++];
            if (c == quote)
            {
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escapePosition = new SourcePosition(line, offset - lineStart);
            var escaped = offset < source.Length ? source[offset++] : '\0';
            switch (escaped)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '0' when !char.IsAsciiDigit(Peek()): value.Append('\0'); break;
                case '\\' or '\'' or '"' or '/': value.Append(escaped); break;
                case 'u' when offset + 4 <= source.Length && ushort.TryParse(source.AsSpan(offset, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    offset += 4;
                    break;
                default:
                    throw new FilterSyntaxException(escapePosition.Error("Invalid escape sequence in string literal."));
            }
        }

        return new ExpressionToken(TokenKind.String, source[start..offset], position, StringValue: value.ToString());
    }

    private void SkipWhitespace()
    {
        while (offset < source.Length)
        {
            var c = source[offset];
            if (c == '\n')
            {
                offset++;
                line++;
                lineStart = offset;
            }
            else if (char.IsWhiteSpace(c))
            {
                offset++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';
}

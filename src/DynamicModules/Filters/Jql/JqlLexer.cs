using System.Text;
using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters.Jql;

/// <summary>Splits JQL into words, quoted strings, operators and punctuation, with 1-based positions.</summary>
internal static class JqlLexer
{
    // Characters that end a bare word, as in Jira: whitespace, quotes, parentheses, commas and operator characters.
    private const string Reserved = "()\"',=!~<>";

    public static List<JqlToken> Tokenize(string source)
    {
        var tokens = new List<JqlToken>();
        var offset = 0;
        var line = 1;
        var lineStart = 0;
        while (true)
        {
            while (offset < source.Length && char.IsWhiteSpace(source[offset]))
            {
                if (source[offset] == '\n')
                {
                    line++;
                    lineStart = offset + 1;
                }

                offset++;
            }

            var position = new SourcePosition(line, offset - lineStart + 1);
            if (offset >= source.Length)
            {
                tokens.Add(new JqlToken(JqlTokenKind.End, "end of query", "", position));
                return tokens;
            }

            var c = source[offset];
            var start = offset;
            switch (c)
            {
                case '(':
                    tokens.Add(new JqlToken(JqlTokenKind.LeftParen, "(", "(", position));
                    offset++;
                    break;
                case ')':
                    tokens.Add(new JqlToken(JqlTokenKind.RightParen, ")", ")", position));
                    offset++;
                    break;
                case ',':
                    tokens.Add(new JqlToken(JqlTokenKind.Comma, ",", ",", position));
                    offset++;
                    break;
                case '"' or '\'':
                    offset = ReadQuoted(source, offset, position, out var value);
                    tokens.Add(new JqlToken(JqlTokenKind.QuotedString, source[start..offset], value, position));
                    break;
                case '=' or '!' or '~' or '<' or '>':
                    offset++;
                    if (offset < source.Length && source[offset] is '=' or '~' && c is '!' or '<' or '>')
                    {
                        offset++;
                    }

                    tokens.Add(new JqlToken(JqlTokenKind.Operator, source[start..offset], source[start..offset], position));
                    break;
                default:
                    while (offset < source.Length && !char.IsWhiteSpace(source[offset]) && !Reserved.Contains(source[offset], StringComparison.Ordinal))
                    {
                        offset++;
                    }

                    tokens.Add(new JqlToken(JqlTokenKind.Word, source[start..offset], source[start..offset], position));
                    break;
            }
        }
    }

    private static int ReadQuoted(string source, int offset, SourcePosition position, out string value)
    {
        var quote = source[offset++];
        var builder = new StringBuilder();
        while (offset < source.Length && source[offset] != quote)
        {
            if (source[offset] == '\\' && offset + 1 < source.Length)
            {
                offset++;
                builder.Append(source[offset] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                builder.Append(source[offset]);
            }

            offset++;
        }

        if (offset >= source.Length)
        {
            throw new FilterSyntaxException(position.Error("Unterminated quoted value."));
        }

        value = builder.ToString();
        return offset + 1;
    }
}

using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters.Jql;

/// <summary>Token kinds of the JQL subset. Keywords are <see cref="Word"/>s, recognised case-insensitively by the parser.</summary>
internal enum JqlTokenKind
{
    End,
    Word,
    QuotedString,
    Operator,
    LeftParen,
    RightParen,
    Comma,
}

/// <summary>One JQL token; <see cref="Value"/> is the unquoted text of words and strings.</summary>
internal sealed record JqlToken(JqlTokenKind Kind, string Text, string Value, SourcePosition Position)
{
    public bool IsKeyword(string keyword) => Kind == JqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}

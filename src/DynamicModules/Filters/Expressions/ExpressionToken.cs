namespace DynamicModules.Filters.Expressions;

/// <summary>Token kinds of the expression language. Operators and punctuation are one kind each.</summary>
internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    True,
    False,
    Null,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Dot,
    QuestionDot,
    Question,
    Colon,
    Arrow,
    EqualEqual,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
}

/// <summary>One lexical token: its kind, source text, decoded literal value and position.</summary>
internal sealed record ExpressionToken(TokenKind Kind, string Text, SourcePosition Position, double Number = 0, string? StringValue = null);

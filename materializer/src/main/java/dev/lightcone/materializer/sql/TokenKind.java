package dev.lightcone.materializer.sql;

/** The kinds of lexical tokens. Keywords are {@link #IDENT}s compared case-insensitively. */
enum TokenKind {
    IDENT,
    QUOTED_IDENT,
    NUMBER,
    STRING,
    HEX,
    PARAM,
    STAR,
    COMMA,
    DOT,
    LPAREN,
    RPAREN,
    SEMICOLON,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    PLUS,
    MINUS,
    SLASH,
    PERCENT,
    EOF
}

package dev.lightcone.materializer.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into {@link Token}s: identifiers (quoted with {@code "..."}, {@code ""} escaping a
 * quote), numbers (digits, fraction, exponent; the sign is a separate token), {@code '...'} strings
 * ({@code ''} escaping a quote), {@code X'..'} and {@code 0x..} hex literals, {@code :name} parameters,
 * operators and punctuation. {@code --} line comments and block comments are skipped.
 */
final class Lexer {
    private final String sql;
    private int pos;

    private Lexer(String sql) {
        this.sql = sql;
    }

    /** All tokens of {@code sql}, ending with one {@link TokenKind#EOF}. */
    static List<Token> tokenize(String sql) {
        Lexer lx = new Lexer(sql);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next();
            out.add(t);
        } while (t.kind() != TokenKind.EOF);
        return out;
    }

    private Token next() {
        skipSpaceAndComments();
        int start = pos;
        if (pos >= sql.length()) {
            return new Token(TokenKind.EOF, "", start);
        }
        char c = sql.charAt(pos);
        if ((c == 'x' || c == 'X') && peek(1) == '\'') {
            pos += 2;
            String digits = quoted('\'', "hex literal", start);
            checkHex(digits, start);
            return new Token(TokenKind.HEX, digits, start);
        }
        if (c == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
            pos += 2;
            int from = pos;
            while (pos < sql.length() && Character.digit(sql.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == from) {
                throw new SqlParseException("Invalid hex literal at position " + start, start);
            }
            return new Token(TokenKind.HEX, sql.substring(from, pos), start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
                pos++;
            }
            return new Token(TokenKind.IDENT, sql.substring(start, pos), start);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number(start);
        }
        switch (c) {
            case '"' -> {
                pos++;
                String name = quoted('"', "quoted identifier", start);
                if (name.isEmpty()) {
                    throw new SqlParseException("Empty quoted identifier at position " + start, start);
                }
                return new Token(TokenKind.QUOTED_IDENT, name, start);
            }
            case '\'' -> {
                pos++;
                return new Token(TokenKind.STRING, quoted('\'', "string literal", start), start);
            }
            case ':' -> {
                pos++;
                int from = pos;
                while (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
                    pos++;
                }
                if (pos == from) {
                    throw new SqlParseException("Expected a parameter name after ':' at position " + start, start);
                }
                return new Token(TokenKind.PARAM, sql.substring(from, pos), start);
            }
            case '*' -> {
                return symbol(TokenKind.STAR, 1);
            }
            case ',' -> {
                return symbol(TokenKind.COMMA, 1);
            }
            case '.' -> {
                return symbol(TokenKind.DOT, 1);
            }
            case '(' -> {
                return symbol(TokenKind.LPAREN, 1);
            }
            case ')' -> {
                return symbol(TokenKind.RPAREN, 1);
            }
            case ';' -> {
                return symbol(TokenKind.SEMICOLON, 1);
            }
            case '+' -> {
                return symbol(TokenKind.PLUS, 1);
            }
            case '-' -> {
                return symbol(TokenKind.MINUS, 1);
            }
            case '/' -> {
                return symbol(TokenKind.SLASH, 1);
            }
            case '%' -> {
                return symbol(TokenKind.PERCENT, 1);
            }
            case '=' -> {
                return symbol(TokenKind.EQ, peek(1) == '=' ? 2 : 1);
            }
            case '!' -> {
                if (peek(1) == '=') {
                    return symbol(TokenKind.NE, 2);
                }
            }
            case '<' -> {
                if (peek(1) == '=') {
                    return symbol(TokenKind.LE, 2);
                }
                if (peek(1) == '>') {
                    return symbol(TokenKind.NE, 2);
                }
                return symbol(TokenKind.LT, 1);
            }
            case '>' -> {
                return peek(1) == '=' ? symbol(TokenKind.GE, 2) : symbol(TokenKind.GT, 1);
            }
            default -> {
            }
        }
        throw new SqlParseException("Unexpected character '" + c + "' at position " + start, start);
    }

    private Token symbol(TokenKind kind, int length) {
        int start = pos;
        pos += length;
        return new Token(kind, sql.substring(start, pos), start);
    }

    private Token number(int start) {
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
            pos++;
        }
        if (pos < sql.length() && sql.charAt(pos) == '.') {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                pos = save;
            }
        }
        if (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
            throw new SqlParseException("Invalid number at position " + start, start);
        }
        return new Token(TokenKind.NUMBER, sql.substring(start, pos), start);
    }

    private String quoted(char quote, String what, int start) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new SqlParseException("Unterminated " + what + " at position " + start, start);
            }
            char ch = sql.charAt(pos++);
            if (ch == quote) {
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    sb.append(quote);
                    pos++;
                    continue;
                }
                return sb.toString();
            }
            sb.append(ch);
        }
    }

    private static void checkHex(String digits, int start) {
        if (digits.length() % 2 != 0) {
            throw new SqlParseException("Hex literal at position " + start + " has an odd number of digits", start);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new SqlParseException("Invalid hex literal at position " + start, start);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < sql.length() && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = sql.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new SqlParseException("Unterminated comment at position " + pos, pos);
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

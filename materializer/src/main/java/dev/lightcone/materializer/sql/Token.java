package dev.lightcone.materializer.sql;

import java.util.Locale;

/**
 * One lexical token.
 *
 * @param kind     what it is
 * @param text     the identifier, the unescaped string, the number's digits, the hex digits or the
 *                 parameter name; for symbols, the symbol itself
 * @param position its character offset in the SQL text
 */
record Token(TokenKind kind, String text, int position) {

    /** True for an unquoted identifier equal to {@code keyword}, ignoring case. */
    boolean isKeyword(String keyword) {
        return kind == TokenKind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** A short description for error messages. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case STRING -> "'" + text + "'";
            case QUOTED_IDENT -> "\"" + text + "\"";
            case PARAM -> ":" + text;
            case HEX -> "X'" + text + "'";
            case IDENT -> Keywords.isReserved(text) ? text.toUpperCase(Locale.ROOT) : text;
            default -> text;
        };
    }
}

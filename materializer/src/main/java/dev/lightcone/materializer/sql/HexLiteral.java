package dev.lightcone.materializer.sql;

import java.util.HexFormat;

/** An {@code X'..'} or {@code 0x..} literal: its hex digits, most significant first. */
public record HexLiteral(String digits) implements Expr {

    /** The bytes the digits spell (a leading zero is added to an odd count). */
    public byte[] bytes() {
        return HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits);
    }

    @Override
    public String toString() {
        return "0x" + digits;
    }
}

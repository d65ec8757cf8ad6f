package dev.lightcone.gateway.protocol;

import java.util.HexFormat;

/** Helpers for the byte-array components of protocol records (equality and short text forms). */
final class Bytes {
    private static final int SHOWN = 32;

    private Bytes() {
    }

    /** Hex of the first bytes, with the total length when truncated. */
    static String show(byte[] b) {
        if (b.length <= SHOWN) {
            return HexFormat.of().formatHex(b);
        }
        return HexFormat.of().formatHex(b, 0, SHOWN) + "…(" + b.length + " bytes)";
    }
}

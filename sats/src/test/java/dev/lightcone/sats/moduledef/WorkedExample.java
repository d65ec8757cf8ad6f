package dev.lightcone.sats.moduledef;

import java.util.HexFormat;

/** The minimal V10 definition of module-abi §8.7, byte for byte. */
final class WorkedExample {
    private WorkedExample() {
    }

    static final String HEX = String.join(" ",
            "02", "04 00 00 00",
            // Typespace
            "00 01 00 00 00", "02 02 00 00 00", "00 02 00 00 00 69 64 0D", "00 04 00 00 00 6E 61 6D 65 04",
            // Types
            "01 01 00 00 00", "00 00 00 00", "06 00 00 00 50 65 72 73 6F 6E", "00 00 00 00 01",
            // Tables
            "02 01 00 00 00", "06 00 00 00 70 65 72 73 6F 6E", "00 00 00 00", "01 00 00 00 00 00", "01 00 00 00",
            "00 13 00 00 00 70 65 72 73 6F 6E 5F 69 64 5F 69 64 78 5F 62 74 72 65 65", "00 02 00 00 00 69 64",
            "00 01 00 00 00 00 00", "01 00 00 00", "01 00 01 00 00 00 00 00", "01 00 00 00", "01 00 00 01 01 01",
            "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "01 00", "00 00 00 00", "00",
            // Reducers
            "03 01 00 00 00", "03 00 00 00 61 64 64", "01 00 00 00 00 04 00 00 00 6E 61 6D 65 04", "01",
            "02 00 00 00 00", "04");

    static byte[] bytes() {
        return HexFormat.of().parseHex(HEX.replace(" ", ""));
    }
}

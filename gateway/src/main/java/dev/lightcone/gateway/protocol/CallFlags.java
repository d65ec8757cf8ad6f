package dev.lightcone.gateway.protocol;

/** The {@code flags: u8} of {@code CallReducer} and {@code CallProcedure}; only 0 is valid in v2. */
public enum CallFlags {
    /** Byte 0, the only value v2 accepts. */
    DEFAULT;

    /** The wire byte. */
    public int value() {
        return ordinal();
    }
}

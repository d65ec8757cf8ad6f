package dev.lightcone.gateway.protocol;

/** {@code UnsubscribeFlags}: whether {@code UnsubscribeApplied} must carry the dropped rows. */
public enum UnsubscribeFlags {
    /** Tag 0: reply without rows. */
    DEFAULT,
    /** Tag 1: reply with the rows the query set held (the TypeScript SDK always asks for this). */
    SEND_DROPPED_ROWS;

    /** The wire tag. */
    public int tag() {
        return ordinal();
    }
}

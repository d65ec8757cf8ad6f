package dev.lightcone.commitlog.record;

import dev.lightcone.commitlog.LogCorruptionException;

/** A record's bytes passed the frame checksum but do not decode as a {@link Command}. */
public final class CommandDecodeException extends LogCorruptionException {
    private static final long serialVersionUID = 1L;
    private final int byteOffset;

    public CommandDecodeException(long logOffset, int byteOffset, String message, Throwable cause) {
        super(logOffset, message + " at byte " + byteOffset + " of the record", cause);
        this.byteOffset = byteOffset;
    }

    /** The position inside the record's bytes where decoding failed. */
    public int byteOffset() {
        return byteOffset;
    }
}

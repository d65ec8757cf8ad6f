package dev.lightcone.gateway.protocol;

import dev.lightcone.sats.LightconeException;

/** Bytes from the wire that are not a valid message or frame; carries the reason and the byte offset. */
public final class ProtocolDecodeException extends LightconeException {
    private static final long serialVersionUID = 1L;
    private final DecodeError error;
    private final int offset;

    /** An error of kind {@code error} at byte {@code offset} of the frame, explained by {@code detail}. */
    public ProtocolDecodeException(DecodeError error, int offset, String detail) {
        super(detail + " (at byte " + offset + ")");
        this.error = error;
        this.offset = offset;
    }

    /** Like {@link #ProtocolDecodeException(DecodeError, int, String)} with the underlying cause. */
    public ProtocolDecodeException(DecodeError error, int offset, String detail, Throwable cause) {
        super(detail + " (at byte " + offset + ")", cause);
        this.error = error;
        this.offset = offset;
    }

    /** What was wrong. */
    public DecodeError error() {
        return error;
    }

    /** The byte offset, from the start of the frame (after any compression tag), where decoding failed. */
    public int offset() {
        return offset;
    }
}

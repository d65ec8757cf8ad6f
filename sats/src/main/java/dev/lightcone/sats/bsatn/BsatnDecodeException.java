package dev.lightcone.sats.bsatn;

/** Bytes that do not decode as BSATN of the expected type; carries the offset where decoding failed. */
public final class BsatnDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public BsatnDecodeException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** The byte offset, relative to the start of the decoded buffer, where decoding failed. */
    public int offset() {
        return offset;
    }
}

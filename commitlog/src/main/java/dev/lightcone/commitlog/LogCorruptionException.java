package dev.lightcone.commitlog;

/**
 * Stored bytes that fail verification (checksum, framing, offset continuity or decoding). Carries the
 * logical offset of the bad record so the caller can cut the log there or report it.
 */
public class LogCorruptionException extends CommitLogException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public LogCorruptionException(long offset, String message) {
        super(message + " (at log offset " + offset + ")");
        this.offset = offset;
    }

    public LogCorruptionException(long offset, String message, Throwable cause) {
        super(message + " (at log offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** The logical offset of the first record that failed verification; -1 when not known. */
    public long offset() {
        return offset;
    }
}

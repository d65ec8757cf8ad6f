package dev.lightcone.commitlog;

/** Root of every error raised by the command log, effect log, blob store and snapshot store. */
public class CommitLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommitLogException(String message) {
        super(message);
    }

    public CommitLogException(String message, Throwable cause) {
        super(message, cause);
    }
}

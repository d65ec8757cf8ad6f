package dev.lightcone.commitlog;

/** The log was closed, or its writer failed, so it takes no more appends or reads. */
public final class LogClosedException extends CommitLogException {
    private static final long serialVersionUID = 1L;

    public LogClosedException(String message) {
        super(message);
    }

    public LogClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}

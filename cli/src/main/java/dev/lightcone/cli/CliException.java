package dev.lightcone.cli;

/**
 * A command failed for a reason the person running it should read: printed as {@code error: <message>} on
 * standard error, and the process exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
    /** Exit code of a failed operation (the server refused, a file is missing, …). */
    public static final int FAILED = 1;
    /** Exit code of a command line that cannot be carried out as written (picocli's usage code). */
    public static final int USAGE = 2;

    private final int exitCode;

    /** A failure with exit code {@link #FAILED}. */
    public CliException(String message) {
        this(message, FAILED, null);
    }

    /** A failure with the given exit code and cause. */
    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A command line that cannot be carried out as written (exit code {@link #USAGE}). */
    public static CliException usage(String message) {
        return new CliException(message, USAGE, null);
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}

package dev.lightcone.materializer.sql;

/** The SQL text is malformed or uses syntax outside the supported subset; fix the query text. */
public final class SqlParseException extends SqlException {
    private static final long serialVersionUID = 1L;

    /** The character offset the error was detected at, or -1 when it concerns the whole text. */
    private final int position;

    public SqlParseException(String message, int position) {
        super(message);
        this.position = position;
    }

    public SqlParseException(String message) {
        this(message, -1);
    }

    /** The character offset the error was detected at, or -1. */
    public int position() {
        return position;
    }
}

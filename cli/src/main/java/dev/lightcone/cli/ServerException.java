package dev.lightcone.cli;

/** The server answered a request with an error status; the message is the server's own text. */
public final class ServerException extends CliException {
    private final int status;
    private final String body;

    /** The server answered {@code status} with {@code body}; {@code message} is what to print. */
    public ServerException(int status, String body, String message) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The response body, as text. */
    public String body() {
        return body;
    }
}

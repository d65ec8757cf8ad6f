package dev.lightcone.executor;

/** How an HTTP handler call ended. Its transactions committed or not independently of this. */
public sealed interface HttpHandlerOutcome {

    /** The handler answered. */
    record Responded(HttpHandlerResponse response) implements HttpHandlerOutcome {
    }

    /**
     * The handler trapped (a panic), ran out of time, returned a non-zero code or a response that does not
     * decode. {@code message} is what the HTTP caller is told (upstream answers 500 with it).
     */
    record Failed(String message) implements HttpHandlerOutcome {
    }
}

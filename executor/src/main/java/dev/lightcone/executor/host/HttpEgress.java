package dev.lightcone.executor.host;

/** Outbound HTTP for procedures. Implementations enforce timeouts and block disallowed addresses. */
public interface HttpEgress {
    /**
     * Sends a request given as BSATN {@code HttpRequest} and a body.
     *
     * @return the BSATN {@code HttpResponse} and the response body
     * @throws HttpEgressException with a message for the module when no response was obtained
     */
    Response send(byte[] requestBsatn, byte[] body);

    /** A response: BSATN {@code HttpResponse} header and the raw body. */
    record Response(byte[] headerBsatn, byte[] body) {
    }

    /** No response was obtained; the message goes back to the module as a BSATN string. */
    final class HttpEgressException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HttpEgressException(String message) {
            super(message);
        }
    }
}

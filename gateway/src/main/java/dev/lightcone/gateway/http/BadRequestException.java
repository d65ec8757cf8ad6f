package dev.lightcone.gateway.http;

import dev.lightcone.sats.LightconeException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the gateway refuses before reaching the service (bad parameter, missing header); carries its status. */
public final class BadRequestException extends LightconeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;

    /** A refusal with {@code status} and the response text {@code message}. */
    public BadRequestException(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** A 400 with the response text {@code message}. */
    public static BadRequestException of(String message) {
        return new BadRequestException(HttpResponseStatus.BAD_REQUEST, message);
    }

    /** The response status. */
    public HttpResponseStatus status() {
        return status;
    }
}

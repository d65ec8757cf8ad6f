package dev.lightcone.gateway.service;

import dev.lightcone.sats.LightconeException;
import java.util.Objects;

/** An expected refusal from a {@link DatabaseService}; its message is sent to the client as the response text. */
public final class ServiceException extends LightconeException {
    private static final long serialVersionUID = 1L;
    private final ServiceFailure failure;

    /** A refusal of kind {@code failure} with the client-facing {@code message}. */
    public ServiceException(ServiceFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The kind of refusal. */
    public ServiceFailure failure() {
        return failure;
    }
}

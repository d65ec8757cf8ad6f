package dev.lightcone.gateway.service;

import dev.lightcone.gateway.protocol.CloseCode;
import java.util.Objects;

/**
 * Whether a {@link ClientSession} took one client message: accepted, or refused because the connection broke one
 * of its limits, in which case the gateway closes that socket with {@code code} and {@code reason} (and nobody
 * else notices).
 */
public sealed interface Admission {
    /** The message was queued. */
    Admission ACCEPTED = new Accepted();

    /** The message was queued. */
    record Accepted() implements Admission {
    }

    /** The message was not queued; the connection must be closed with {@code code} and {@code reason}. */
    record Refused(CloseCode code, String reason) implements Admission {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

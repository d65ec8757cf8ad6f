package dev.lightcone.gateway.service;

import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.protocol.Compression;
import dev.lightcone.sats.ConnectionId;
import java.util.Objects;

/**
 * A WebSocket client asking to connect, after the upgrade was accepted.
 *
 * @param caller         the authenticated (or freshly minted) identity
 * @param connectionId   the connection id (from the query or generated; never zero)
 * @param subprotocol    the negotiated subprotocol name
 * @param compression    what the client accepts from the server
 * @param confirmedReads send updates only once durable ({@code confirmed}, default true)
 * @param light          {@code light=true} (no effect on v2/v3 message content)
 */
public record SessionRequest(Caller caller, ConnectionId connectionId, String subprotocol, Compression compression,
        boolean confirmedReads, boolean light) {
    /** Checks for nulls and the zero connection id. */
    public SessionRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(subprotocol, "subprotocol");
        Objects.requireNonNull(compression, "compression");
        if (connectionId.isZero()) {
            throw new IllegalArgumentException("the zero connection id is reserved");
        }
    }
}

package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * A client connected; the executor runs the {@code client_connected} lifecycle reducer.
 *
 * @param jwtPayload the JSON payload of the caller's token, so replay sees the same claims
 * @param node       the node that holds the connection ({@link #LOCAL} in embedded mode), so the
 *                   connection can be ended when that node is gone
 */
public record ClientConnected(Identity identity, ConnectionId connectionId, Timestamp timestamp,
                              String jwtPayload, String node) implements Command {
    /** The node of an embedded (single-node) server, and of records written before nodes were named. */
    public static final String LOCAL = "";

    /** A connection held by the embedded server. */
    public ClientConnected(Identity identity, ConnectionId connectionId, Timestamp timestamp, String jwtPayload) {
        this(identity, connectionId, timestamp, jwtPayload, LOCAL);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitClientConnected(this);
    }
}

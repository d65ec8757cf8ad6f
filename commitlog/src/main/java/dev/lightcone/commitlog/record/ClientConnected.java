package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * A client connected; the executor runs the {@code client_connected} lifecycle reducer.
 *
 * @param jwtPayload the JSON payload of the caller's token, so replay sees the same claims
 */
public record ClientConnected(Identity identity, ConnectionId connectionId, Timestamp timestamp,
                              String jwtPayload) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitClientConnected(this);
    }

}

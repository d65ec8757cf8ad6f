package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/** A client disconnected (or its node died and a survivor recorded it). */
public record ClientDisconnected(Identity identity, ConnectionId connectionId, Timestamp timestamp)
        implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitClientDisconnected(this);
    }

}

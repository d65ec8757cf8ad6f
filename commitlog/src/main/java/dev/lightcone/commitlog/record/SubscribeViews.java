package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.util.List;

/**
 * A connection subscribes to function views: the database materializes them for its identity (once per
 * view and identity) and keeps them current until the connection ends. Logged, because which views are
 * materialized decides which transactions re-run them, and so which can fail.
 */
public record SubscribeViews(Identity identity, ConnectionId connectionId, List<String> views, Timestamp timestamp)
        implements Command {

    public SubscribeViews {
        views = List.copyOf(views);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitSubscribeViews(this);
    }
}

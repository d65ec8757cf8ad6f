package dev.lightcone.materializer.subscription;

import dev.lightcone.sats.ConnectionId;
import java.util.List;

/** Everything one client receives for one transaction: its affected query sets (never empty). */
public record ClientUpdate(ConnectionId client, List<QuerySetDelta> querySets) {
    public ClientUpdate {
        querySets = List.copyOf(querySets);
    }
}

package dev.lightcone.materializer.subscription;

import dev.lightcone.materializer.plan.SqlCaller;
import dev.lightcone.sats.ConnectionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One connection: who it is and its query sets, in subscription order. */
final class ClientState {
    final ConnectionId id;
    final SqlCaller caller;
    final long seq;
    final Map<Integer, List<SharedQuery>> querySets = new LinkedHashMap<>();

    ClientState(ConnectionId id, SqlCaller caller, long seq) {
        this.id = id;
        this.caller = caller;
        this.seq = seq;
    }
}

package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.util.Arrays;

/**
 * A reducer call, stamped by ingest.
 *
 * @param caller       the calling identity
 * @param connectionId the caller's connection (zero for HTTP calls)
 * @param requestId    the client's request id (u32, stored in an int)
 * @param reducer      the reducer name
 * @param args         the BSATN argument bytes; owned by the record
 */
public record CallReducer(Identity caller, ConnectionId connectionId, int requestId, Timestamp timestamp,
                          String reducer, byte[] args) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitCallReducer(this);
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof CallReducer c && c.caller.equals(caller) && c.connectionId.equals(connectionId)
                && c.requestId == requestId && c.timestamp.equals(timestamp) && c.reducer.equals(reducer)
                && Arrays.equals(c.args, args);
    }

    @Override
    public int hashCode() {
        return ((caller.hashCode() * 31 + requestId) * 31 + reducer.hashCode()) * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "CallReducer[caller=" + caller + ", connectionId=" + connectionId + ", requestId="
                + Integer.toUnsignedString(requestId) + ", timestamp=" + timestamp + ", reducer=" + reducer
                + ", args=" + args.length + " bytes]";
    }
}

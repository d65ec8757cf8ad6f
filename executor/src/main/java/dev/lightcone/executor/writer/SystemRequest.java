package dev.lightcone.executor.writer;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * A record the database itself asks to add to its command log. The writer never appends to its own
 * input: it hands these to {@link SystemRequests} (ingest), which stamps and appends them like any
 * client request, so every node and every replay sees them in the log's order.
 */
public sealed interface SystemRequest {

    /** A schedule row is due: fire it (applied once per intended time, however often it is asked). */
    record FireSchedule(int tableId, String tableName, long scheduleId, Timestamp intendedTime) implements SystemRequest {
    }

    /** A client recorded as connected is gone (e.g. the process restarted): run its disconnect hook. */
    record DisconnectClient(Identity identity, ConnectionId connectionId) implements SystemRequest {
    }

    /** A node is gone (or restarted under the same name): end every connection it held. */
    record EndNode(String node) implements SystemRequest {
    }

    /** A reducer call the module queued with {@code volatile_nonatomic_schedule_immediate}, made by the database. */
    record CallReducer(String reducer, byte[] args) implements SystemRequest {
    }
}

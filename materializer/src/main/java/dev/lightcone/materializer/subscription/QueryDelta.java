package dev.lightcone.materializer.subscription;

import dev.lightcone.executor.datastore.Row;
import java.util.List;

/**
 * One distinct query's change in one transaction, computed once and shared by every subscriber
 * (encode it once: {@code PersistentTable{inserts, deletes}}, or {@code EventTable{events = inserts}}).
 *
 * @param queryId   the shared query's id, stable while anyone is subscribed to it
 * @param tableName the returned table's canonical name
 * @param isEvent   true for event tables (inserts only)
 * @param rowBytes  the bytes of the rows inserted and deleted (what holding it costs each subscriber: counted once)
 */
public record QueryDelta(long queryId, String tableName, boolean isEvent, List<Row> inserts, List<Row> deletes,
        long rowBytes) {
    public QueryDelta {
        inserts = List.copyOf(inserts);
        deletes = List.copyOf(deletes);
    }

    public QueryDelta(long queryId, String tableName, boolean isEvent, List<Row> inserts, List<Row> deletes) {
        this(queryId, tableName, isEvent, inserts, deletes, bytes(inserts) + bytes(deletes));
    }

    private static long bytes(List<Row> rows) {
        long n = 0;
        for (Row r : rows) {
            n += r.size();
        }
        return n;
    }
}

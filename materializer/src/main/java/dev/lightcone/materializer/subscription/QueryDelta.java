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
 */
public record QueryDelta(long queryId, String tableName, boolean isEvent, List<Row> inserts, List<Row> deletes) {
    public QueryDelta {
        inserts = List.copyOf(inserts);
        deletes = List.copyOf(deletes);
    }
}

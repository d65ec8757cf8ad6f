package dev.lightcone.executor.datastore;

import java.util.List;

/**
 * The net row changes one transaction made to one table: rows deleted from the committed state and
 * rows inserted, each in the order the transaction made them. An update is a delete plus an insert.
 */
public record TableChanges(int tableId, String tableName, boolean isEvent, List<Row> inserts, List<Row> deletes) {
    public TableChanges {
        inserts = List.copyOf(inserts);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return inserts.isEmpty() && deletes.isEmpty();
    }
}

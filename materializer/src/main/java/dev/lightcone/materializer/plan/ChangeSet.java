package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.TableChanges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One transaction's net row changes, indexed by table id. Immutable. */
public final class ChangeSet {
    private final Map<Integer, TableChanges> byTable;
    private final List<TableChanges> changes;

    private ChangeSet(List<TableChanges> changes) {
        this.changes = List.copyOf(changes);
        Map<Integer, TableChanges> m = new HashMap<>();
        for (TableChanges tc : this.changes) {
            if (!tc.isEmpty()) {
                m.put(tc.tableId(), tc);
            }
        }
        this.byTable = Map.copyOf(m);
    }

    /** Indexes the changes of one transaction (one entry per table). */
    public static ChangeSet of(List<TableChanges> changes) {
        return new ChangeSet(changes);
    }

    /** The changes as given. */
    public List<TableChanges> changes() {
        return changes;
    }

    /** The ids of the tables with changes. */
    public Set<Integer> tableIds() {
        return byTable.keySet();
    }

    /** True if nothing changed. */
    public boolean isEmpty() {
        return byTable.isEmpty();
    }

    /** True if the table changed. */
    public boolean touches(int tableId) {
        return byTable.containsKey(tableId);
    }

    /** Rows inserted into the table (empty if none). */
    public List<Row> inserts(int tableId) {
        TableChanges tc = byTable.get(tableId);
        return tc == null ? List.of() : tc.inserts();
    }

    /** Rows deleted from the table (empty if none). */
    public List<Row> deletes(int tableId) {
        TableChanges tc = byTable.get(tableId);
        return tc == null ? List.of() : tc.deletes();
    }
}

package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.TableChanges;
import java.util.List;

/**
 * One transaction's net row changes, looked up by table id. Immutable. A transaction touches few tables, so the
 * lookup scans a short array rather than building a map per transaction.
 */
public final class ChangeSet {
    private static final TableChanges[] NONE = new TableChanges[0];
    private final List<TableChanges> changes;
    /** The tables with at least one change, in the order given. */
    private final TableChanges[] nonEmpty;

    private ChangeSet(List<TableChanges> changes) {
        this.changes = List.copyOf(changes);
        int n = 0;
        for (TableChanges tc : this.changes) {
            n += tc.isEmpty() ? 0 : 1;
        }
        TableChanges[] kept = n == 0 ? NONE : new TableChanges[n];
        int i = 0;
        for (TableChanges tc : this.changes) {
            if (!tc.isEmpty()) {
                kept[i++] = tc;
            }
        }
        this.nonEmpty = kept;
    }

    /** Indexes the changes of one transaction (one entry per table). */
    public static ChangeSet of(List<TableChanges> changes) {
        return new ChangeSet(changes);
    }

    /** The changes as given. */
    public List<TableChanges> changes() {
        return changes;
    }

    /** True if nothing changed. */
    public boolean isEmpty() {
        return nonEmpty.length == 0;
    }

    /** True if the table changed. */
    public boolean touches(int tableId) {
        return find(tableId) != null;
    }

    /** Rows inserted into the table (empty if none). */
    public List<Row> inserts(int tableId) {
        TableChanges tc = find(tableId);
        return tc == null ? List.of() : tc.inserts();
    }

    /** Rows deleted from the table (empty if none). */
    public List<Row> deletes(int tableId) {
        TableChanges tc = find(tableId);
        return tc == null ? List.of() : tc.deletes();
    }

    private TableChanges find(int tableId) {
        for (TableChanges tc : nonEmpty) {
            if (tc.tableId() == tableId) {
                return tc;
            }
        }
        return null;
    }
}

package dev.lightcone.executor.datastore;

import java.util.ArrayList;
import java.util.List;

/** One transaction's pending changes to one table: rows it inserted and committed rows it deleted. */
final class TxTable {
    final Table table;
    final RowSet inserted = new RowSet();
    final RowSet deleted = new RowSet();
    private List<TableIndex> indexes;

    TxTable(Table table) {
        this.table = table;
    }

    /** Indexes over the inserted rows, mirroring the table's; built on first insert. */
    List<TableIndex> indexes() {
        if (indexes == null) {
            List<TableIndex> list = new ArrayList<>(table.indexes().size());
            for (TableIndex idx : table.indexes()) {
                list.add(idx.emptyTwin());
            }
            indexes = list;
        }
        return indexes;
    }

    /** The transaction's twin of one of the table's indexes. */
    TableIndex twin(TableIndex committed) {
        return indexes().get(table.indexes().indexOf(committed));
    }

    boolean hasIndexes() {
        return indexes != null;
    }

    void addInserted(Row row) {
        inserted.add(row);
        for (TableIndex idx : indexes()) {
            idx.insert(row);
        }
    }

    void removeInserted(Row row) {
        inserted.remove(row);
        if (indexes != null) {
            for (TableIndex idx : indexes) {
                idx.remove(row);
            }
        }
    }

    boolean isVisibleCommitted(Row row) {
        return !deleted.contains(row);
    }
}

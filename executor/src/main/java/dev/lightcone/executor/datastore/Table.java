package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The committed rows of one table and its indexes. Rows iterate in the order they were committed,
 * so scans are deterministic and a snapshot restores the same order.
 */
public final class Table {
    private final TableSchema schema;
    private final RowLayout layout;
    private final LinkedHashSet<Row> rows = new LinkedHashSet<>();
    private final List<TableIndex> indexes;
    private final List<TableIndex> uniqueIndexes;
    private final List<Sequence> sequences;

    public Table(TableSchema schema) {
        this.schema = schema;
        this.layout = new RowLayout(schema.rowType());
        List<TableIndex> all = new ArrayList<>();
        List<TableIndex> uniques = new ArrayList<>();
        for (IndexSchema is : schema.indexes()) {
            TableIndex idx = new TableIndex(is, layout);
            all.add(idx);
            if (idx.unique()) {
                uniques.add(idx);
            }
        }
        this.indexes = List.copyOf(all);
        this.uniqueIndexes = List.copyOf(uniques);
        this.sequences = schema.sequences().stream().map(Sequence::new).toList();
    }

    public TableSchema schema() {
        return schema;
    }

    public int id() {
        return schema.tableId();
    }

    public String name() {
        return schema.name();
    }

    public RowLayout layout() {
        return layout;
    }

    public List<TableIndex> indexes() {
        return indexes;
    }

    public List<TableIndex> uniqueIndexes() {
        return uniqueIndexes;
    }

    public List<Sequence> sequences() {
        return sequences;
    }

    public boolean contains(Row row) {
        return rows.contains(row);
    }

    public int size() {
        return rows.size();
    }

    /** The committed rows in commit order; read-only. */
    public Collection<Row> rows() {
        return Collections.unmodifiableCollection(rows);
    }

    void insert(Row row) {
        if (rows.add(row)) {
            for (TableIndex idx : indexes) {
                idx.insert(row);
            }
        }
    }

    void remove(Row row) {
        if (rows.remove(row)) {
            for (TableIndex idx : indexes) {
                idx.remove(row);
            }
        }
    }

    void clear() {
        rows.clear();
        for (TableIndex idx : indexes) {
            idx.clear();
        }
    }
}

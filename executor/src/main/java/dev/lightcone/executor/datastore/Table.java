package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The committed rows of one table and its indexes. A table with a unique ordered index (normally its
 * primary key) keeps its rows in that index alone, in key order, with no separate row set; other
 * tables keep a set in commit order. Either way scans are deterministic and a snapshot restores the
 * same order.
 */
public final class Table {
    private final TableSchema schema;
    private final RowLayout layout;
    /** The rows in commit order, for tables without a unique ordered index; null otherwise. */
    private final LinkedHashSet<Row> rows;
    /** The unique ordered index that holds the rows, or null. */
    private final TableIndex store;
    private final List<TableIndex> indexes;
    private final List<TableIndex> uniqueIndexes;
    private final List<Sequence> sequences;
    /** Reused by {@link #replay} (tables are confined to the writer thread): the pairs, the deleted rows' keys. */
    private int[] pairScratch = new int[8];
    private long[] keyScratch = new long[8];

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
        this.store = chooseStore(schema, all);
        this.rows = store == null ? new LinkedHashSet<>() : null;
        this.sequences = schema.sequences().stream().map(Sequence::new).toList();
    }

    /** The primary key's index if it can hold the rows, else the first unique ordered index, else null. */
    private static TableIndex chooseStore(TableSchema schema, List<TableIndex> indexes) {
        TableIndex first = null;
        for (TableIndex idx : indexes) {
            if (!idx.rowKeyed()) {
                continue;
            }
            if (schema.primaryKey().isPresent() && idx.columns().length == 1
                    && idx.columns()[0] == schema.primaryKey().getAsInt()) {
                return idx;
            }
            if (first == null) {
                first = idx;
            }
        }
        return first;
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
        if (store == null) {
            return rows.contains(row);
        }
        return store.holds(row);
    }

    public int size() {
        return store == null ? rows.size() : store.distinctKeys();
    }

    /** The committed rows (in key order when the table is organised by a unique index); read-only. */
    public Collection<Row> rows() {
        return store == null ? Collections.unmodifiableCollection(rows) : store.rowsInOrder();
    }

    /**
     * The committed rows in the order of {@link #rows()} as they are now, for reading on another thread while this
     * table changes (a snapshot): rows packed in a tree are copied leaf by leaf, without an object per row.
     */
    public List<Row> detachedRows() {
        return store == null ? Arrays.asList(rows.toArray(new Row[0])) : store.detachedRowsInOrder();
    }

    void insert(Row row) {
        boolean added = store == null ? rows.add(row) : !contains(row);
        if (added) {
            for (TableIndex idx : indexes) {
                idx.insert(row);
            }
        }
    }

    void remove(Row row) {
        // Removing from the store first tells whether the row was there, in one index lookup.
        boolean removed = store == null ? rows.remove(row) : store.removeIfStored(row);
        if (removed) {
            for (TableIndex idx : indexes) {
                if (idx != store) {
                    idx.remove(row);
                }
            }
        }
    }

    /**
     * Applies one transaction's recorded net changes: {@code deletes} then {@code inserts}, like
     * {@link #remove} and {@link #insert} one by one. When the rows live in a {@link LongRowTree}, a
     * delete and an insert with the same key (an update) become one replacement of the tree's entry:
     * one lookup instead of three, and the stored row is not read. This gives the same rows as removing
     * and inserting whenever the deleted row is the one stored, which holds for changes recorded from
     * this table's own history (the effect log, checksummed per record).
     */
    void replay(Row[] deletes, int deleteCount, Row[] inserts, int insertCount) {
        if (!pairsByKey(deleteCount, insertCount)) {
            for (int d = 0; d < deleteCount; d++) {
                remove(deletes[d]);
            }
            for (int i = 0; i < insertCount; i++) {
                insert(inserts[i]);
            }
            return;
        }
        long[] keys = keyScratch(deleteCount);
        for (int d = 0; d < deleteCount; d++) {
            keys[d] = store.longKeyOf(deletes[d]);
        }
        int[] pairOf = pairScratch(deleteCount);
        long pairedInserts = pairByKey(keys, deleteCount, inserts, insertCount, pairOf);
        // The same order as removing every delete and then inserting every insert, so that rows sharing a key
        // in a non-unique index end up in the same order: removals first, insertions in the inserts' order.
        for (int d = 0; d < deleteCount; d++) {
            if (pairOf[d] < 0) {
                remove(deletes[d]);
            } else {
                for (TableIndex idx : indexes) {
                    if (idx != store) {
                        idx.remove(deletes[d]);
                    }
                }
            }
        }
        overwritePaired(pairOf, deleteCount, inserts);
        for (int i = 0; i < insertCount; i++) {
            if ((pairedInserts & (1L << i)) == 0) {
                insert(inserts[i]);
            } else {
                for (TableIndex idx : indexes) {
                    if (idx != store) {
                        idx.insert(inserts[i]);
                    }
                }
            }
        }
    }

    /**
     * {@link #replay} with the deleted rows given as slices of a recorded effect ({@code bytes}, from
     * {@code deleteAt[i]}, {@code deleteLength[i]} long). When the rows live in a tree keyed at a fixed place, the
     * table has no other index and every deleted row is replaced by an insert of the same key (the usual update),
     * the deleted rows are never made: each insert overwrites its key's entry. Otherwise they are copied out and
     * replayed as {@link #replay} does.
     */
    void replay(byte[] bytes, int[] deleteAt, int[] deleteLength, int deleteCount, Row[] inserts, int insertCount) {
        if (indexes.size() == 1 && pairsByKey(deleteCount, insertCount) && store.longKeyedAtFixedOffset()) {
            long[] keys = keyScratch(deleteCount);
            for (int d = 0; d < deleteCount; d++) {
                keys[d] = store.longKeyAt(bytes, deleteAt[d]);
            }
            int[] pairOf = pairScratch(deleteCount);
            long pairedInserts = pairByKey(keys, deleteCount, inserts, insertCount, pairOf);
            if (Long.bitCount(pairedInserts) == deleteCount) {
                // The store is the only index: overwriting an entry is the removal and the insertion in one.
                overwritePaired(pairOf, deleteCount, inserts);
                for (int i = 0; i < insertCount; i++) {
                    if ((pairedInserts & (1L << i)) == 0) {
                        insert(inserts[i]);
                    }
                }
                return;
            }
        }
        Row[] deletes = new Row[deleteCount];
        for (int d = 0; d < deleteCount; d++) {
            deletes[d] = new Row(Arrays.copyOfRange(bytes, deleteAt[d], deleteAt[d] + deleteLength[d]));
        }
        replay(deletes, deleteCount, inserts, insertCount);
    }

    /** Whether deletes and inserts can be paired by key: both present, few enough inserts, rows in a long-keyed tree. */
    private boolean pairsByKey(int deleteCount, int insertCount) {
        return store != null && store.longKeyed() && deleteCount > 0 && insertCount > 0 && insertCount <= Long.SIZE;
    }

    /**
     * Pairs each deleted row's key with the first insert of the same key not yet paired: {@code pairOf[d]} is that
     * insert, or -1; returns the paired inserts as bits (bit {@code i}: {@code inserts[i]}).
     */
    private long pairByKey(long[] deleteKeys, int deleteCount, Row[] inserts, int insertCount, int[] pairOf) {
        long pairedInserts = 0;
        for (int d = 0; d < deleteCount; d++) {
            pairOf[d] = -1;
            for (int i = 0; i < insertCount; i++) {
                if ((pairedInserts & (1L << i)) == 0 && store.longKeyOf(inserts[i]) == deleteKeys[d]) {
                    pairedInserts |= 1L << i;
                    pairOf[d] = i;
                    break;
                }
            }
        }
        return pairedInserts;
    }

    /** Same key: the tree's entry of each paired delete is overwritten in place by its insert. */
    private void overwritePaired(int[] pairOf, int deleteCount, Row[] inserts) {
        for (int d = 0; d < deleteCount; d++) {
            if (pairOf[d] >= 0) {
                store.insert(inserts[pairOf[d]]);
            }
        }
    }

    private long[] keyScratch(int n) {
        if (keyScratch.length < n) {
            keyScratch = new long[Math.max(n, keyScratch.length * 2)];
        }
        return keyScratch;
    }

    private int[] pairScratch(int n) {
        if (pairScratch.length < n) {
            pairScratch = new int[Math.max(n, pairScratch.length * 2)];
        }
        return pairScratch;
    }

    void clear() {
        if (rows != null) {
            rows.clear();
        }
        for (TableIndex idx : indexes) {
            idx.clear();
        }
    }
}

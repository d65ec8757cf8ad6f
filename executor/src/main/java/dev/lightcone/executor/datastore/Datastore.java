package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed state of one database: its tables, indexes and sequences. Changed only by
 * committing a {@link MutTx}; one transaction at a time (the executor has a single writer).
 * Not thread-safe: readers run on the writer thread between transactions.
 */
public final class Datastore {
    private final Map<Integer, Table> tablesById = new TreeMap<>();
    private final Map<String, Table> tablesByName = new HashMap<>();
    private final Map<Integer, IndexHandle> indexesById = new TreeMap<>();
    private final Map<String, Integer> indexIdsByName = new HashMap<>();
    /** The same tables and indexes looked up by id without boxing it (every host call does): sorted ids, values. */
    private int[] tableIds = new int[0];
    private Table[] tableAt = new Table[0];
    private int[] indexIds = new int[0];
    private IndexHandle[] indexAt = new IndexHandle[0];
    private MutTx open;
    /** Reused by {@link #apply} to hand a table its changes as arrays (writer thread only). */
    private Row[] deleteScratch = new Row[8];
    private Row[] insertScratch = new Row[8];

    /** A committed index together with the table it belongs to. */
    record IndexHandle(Table table, TableIndex index) {
    }

    /** Creates a datastore holding empty tables for these schemas. */
    public Datastore(List<TableSchema> tables) {
        for (TableSchema ts : tables) {
            addTable(ts);
        }
    }

    /** Adds an empty table (used at creation and by migrations that add tables). */
    public void addTable(TableSchema ts) {
        if (tablesById.containsKey(ts.tableId())) {
            throw new IllegalArgumentException("duplicate table id " + ts.tableId());
        }
        Table t = new Table(ts);
        tablesById.put(ts.tableId(), t);
        tablesByName.put(ts.name(), t);
        tablesByName.putIfAbsent(ts.sourceName(), t);
        for (TableIndex idx : t.indexes()) {
            IndexSchema is = idx.schema();
            indexesById.put(is.indexId(), new IndexHandle(t, idx));
            indexIdsByName.put(is.name(), is.indexId());
            indexIdsByName.putIfAbsent(is.sourceName(), is.indexId());
        }
        tableIds = tablesById.keySet().stream().mapToInt(Integer::intValue).toArray();
        tableAt = tablesById.values().toArray(new Table[0]);
        indexIds = indexesById.keySet().stream().mapToInt(Integer::intValue).toArray();
        indexAt = indexesById.values().toArray(new IndexHandle[0]);
    }

    /** The table with this id. */
    public Table table(int tableId) {
        int at = Arrays.binarySearch(tableIds, tableId);
        if (at < 0) {
            throw new NoSuchTableException("id " + tableId);
        }
        return tableAt[at];
    }

    /** The table with this canonical name or alias, or null. */
    public Table tableByName(String name) {
        return tablesByName.get(name);
    }

    /** The id of the index with this canonical name or alias, or null. */
    public Integer indexIdByName(String name) {
        return indexIdsByName.get(name);
    }

    /** The committed index with this id. */
    public TableIndex indexById(int indexId) {
        return index(indexId).index();
    }

    IndexHandle index(int indexId) {
        int at = Arrays.binarySearch(indexIds, indexId);
        if (at < 0) {
            throw new NoSuchIndexException("id " + indexId);
        }
        return indexAt[at];
    }

    /** All tables in id order. */
    public Collection<Table> tables() {
        return Collections.unmodifiableCollection(tablesById.values());
    }

    /** Opens the one mutable transaction; fails if one is already open. */
    public MutTx begin() {
        if (open != null) {
            throw new IllegalStateException("a transaction is already open on this datastore");
        }
        open = new MutTx(this);
        return open;
    }

    /** The transaction currently open, or null. */
    public MutTx openTransaction() {
        return open;
    }

    void close(MutTx tx) {
        if (open == tx) {
            open = null;
        }
    }

    /**
     * Makes one transaction's changes committed state. Deleted rows are rows this datastore holds (a
     * transaction deletes only rows it sees), so updates are replaced in place as in {@link #replay}.
     */
    public void apply(List<TableChanges> changes) {
        for (TableChanges tc : changes) {
            Table t = table(tc.tableId());
            if (t.schema().isEvent()) {
                continue;
            }
            deleteScratch = tc.deletes().toArray(deleteScratch);
            insertScratch = tc.inserts().toArray(insertScratch);
            t.replay(deleteScratch, tc.deletes().size(), insertScratch, tc.inserts().size());
        }
    }

    /**
     * Applies one table's net changes from one committed transaction, as recovery does when replaying
     * the effect log: the same result as {@link #apply}, with updates of rows kept in a primary-key tree
     * done in place (see {@link Table}). Reads only the first {@code deleteCount} and {@code insertCount}
     * entries of the arrays, which the caller may reuse afterwards.
     */
    public void replay(int tableId, Row[] deletes, int deleteCount, Row[] inserts, int insertCount) {
        Table t = table(tableId);
        if (!t.schema().isEvent()) {
            t.replay(deletes, deleteCount, inserts, insertCount);
        }
    }

    /**
     * {@link #replay(int, Row[], int, Row[], int)} with the deleted rows given as slices of the recorded effect's
     * {@code bytes} (row {@code i} at {@code deleteAt[i]}, {@code deleteLength[i]} bytes), made into rows only when
     * the table needs them: an update of a row kept in a primary-key tree overwrites the entry without them.
     */
    public void replay(int tableId, byte[] bytes, int[] deleteAt, int[] deleteLength, int deleteCount, Row[] inserts,
            int insertCount) {
        Table t = table(tableId);
        if (!t.schema().isEvent()) {
            t.replay(bytes, deleteAt, deleteLength, deleteCount, inserts, insertCount);
        }
    }

    /** Inserts rows into a table without checks, as a snapshot restore does; order is preserved. */
    public void load(int tableId, Iterable<Row> rows) {
        Table t = table(tableId);
        for (Row r : rows) {
            t.insert(r);
        }
    }
}

package dev.lightcone.executor.datastore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one computation (a view evaluation) read, per table: the whole table (scans, ranges, counts), or
 * only the rows under some keys of some indexes (point lookups such as {@code find(id)}). A change to a
 * table it read whole, or to a row under one of the keys it looked up, can change its result; any other
 * change cannot. Built by {@link MutTx#beginReadScope}/{@link MutTx#endReadScope}; immutable after.
 */
public final class ReadSet {
    /** Per table: null when read whole, else the keys looked up per index id. */
    private final TreeMap<Integer, Map<Integer, Set<IndexKey>>> tables = new TreeMap<>();
    private int[] tableIds;

    void readWhole(int tableId) {
        tables.put(tableId, null);
    }

    void readPoint(int tableId, int indexId, IndexKey key) {
        if (tables.containsKey(tableId) && tables.get(tableId) == null) {
            return;
        }
        tables.computeIfAbsent(tableId, t -> new HashMap<>()).computeIfAbsent(indexId, i -> new HashSet<>()).add(key);
    }

    ReadSet freeze() {
        tableIds = tables.keySet().stream().mapToInt(Integer::intValue).toArray();
        return this;
    }

    /** Calls {@code whole} with each table read whole and {@code point} with each key looked up. */
    public void forEach(java.util.function.IntConsumer whole, PointVisitor point) {
        tables.forEach((table, lookups) -> {
            if (lookups == null) {
                whole.accept(table);
            } else {
                lookups.forEach((index, keys) -> keys.forEach(k -> point.visit(table, index, k)));
            }
        });
    }

    /** Receives one key looked up through one index of one table. */
    @FunctionalInterface
    public interface PointVisitor {
        void visit(int tableId, int indexId, IndexKey key);
    }

    /** The ids of the tables read (whole or in part), ascending. */
    public int[] tableIds() {
        return tableIds.clone();
    }

    /**
     * True if {@code changes} (a transaction's net changes, by table id) can change what was read: they
     * touch a table read whole, or insert or delete a row under a key that was looked up.
     */
    public boolean affectedBy(Datastore datastore, Map<Integer, TableChanges> changes) {
        for (Map.Entry<Integer, Map<Integer, Set<IndexKey>>> e : tables.entrySet()) {
            TableChanges tc = changes.get(e.getKey());
            if (tc == null || tc.isEmpty()) {
                continue;
            }
            if (e.getValue() == null) {
                return true;
            }
            for (Map.Entry<Integer, Set<IndexKey>> lookups : e.getValue().entrySet()) {
                TableIndex index = datastore.index(lookups.getKey()).index();
                if (anyUnder(index, tc.inserts(), lookups.getValue()) || anyUnder(index, tc.deletes(), lookups.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyUnder(TableIndex index, List<Row> rows, Set<IndexKey> keys) {
        for (Row r : rows) {
            if (keys.contains(index.keyOf(r))) {
                return true;
            }
        }
        return false;
    }
}

package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One index over a set of rows: ordered (btree, direct) or hashed, unique or not. Unique indexes
 * map a key to its row; non-unique ones map a key to the rows sharing it, in insertion order, so
 * that every scan is deterministic.
 */
public final class TableIndex {
    private final IndexSchema schema;
    private final int[] columns;
    private final RowLayout layout;
    private final KeyComparator comparator;
    private final boolean unique;
    /**
     * Values are {@link Row} when unique, else {@code LinkedHashSet<Row>}. Keys are {@link IndexKey}s,
     * except in unique ordered indexes, whose keys are the rows themselves (see {@link RowKeyOrder}).
     */
    private final Map<Object, Object> entries;
    private final boolean rowKeyed;

    public TableIndex(IndexSchema schema, RowLayout layout) {
        this.schema = schema;
        this.columns = schema.columns().stream().mapToInt(Integer::intValue).toArray();
        this.layout = layout;
        this.comparator = new KeyComparator(layout.keyTypes(columns));
        this.unique = schema.unique();
        boolean hash = schema.algorithm() == IndexAlgorithm.HASH;
        this.rowKeyed = unique && !hash;
        if (hash) {
            this.entries = new HashMap<>();
        } else if (rowKeyed) {
            this.entries = new TreeMap<>(new RowKeyOrder(comparator, layout, columns));
        } else {
            @SuppressWarnings("unchecked")
            Comparator<Object> byKey = (Comparator<Object>) (Comparator<?>) comparator;
            this.entries = new TreeMap<>(byKey);
        }
    }

    public IndexSchema schema() {
        return schema;
    }

    public int[] columns() {
        return columns;
    }

    public boolean unique() {
        return unique;
    }

    public boolean ordered() {
        return entries instanceof TreeMap;
    }

    public KeyComparator comparator() {
        return comparator;
    }

    public RowLayout layout() {
        return layout;
    }

    public IndexKey keyOf(Row row) {
        return layout.key(row.bytes(), columns);
    }

    /** Adds a row; the caller has already checked uniqueness. */
    @SuppressWarnings("unchecked")
    public void insert(Row row) {
        if (rowKeyed) {
            entries.put(row, row);
            return;
        }
        IndexKey key = keyOf(row);
        if (unique) {
            entries.put(key, row);
            return;
        }
        Object existing = entries.get(key);
        if (existing == null) {
            LinkedHashSet<Row> set = new LinkedHashSet<>(2);
            set.add(row);
            entries.put(key, set);
        } else {
            ((LinkedHashSet<Row>) existing).add(row);
        }
    }

    @SuppressWarnings("unchecked")
    public void remove(Row row) {
        if (rowKeyed) {
            entries.remove(row, row);
            return;
        }
        IndexKey key = keyOf(row);
        if (unique) {
            entries.remove(key, row);
            return;
        }
        Object existing = entries.get(key);
        if (existing instanceof LinkedHashSet<?> set) {
            set.remove(row);
            if (set.isEmpty()) {
                entries.remove(key);
            }
        }
    }

    /** The row with this full key in a unique index, or null. */
    public Row uniqueGet(IndexKey key) {
        Object v = entries.get(key);
        return v instanceof Row r ? r : null;
    }

    /** The stored row whose key equals {@code row}'s key in a unique index, or null. */
    public Row uniqueGetByRow(Row row) {
        Object v = entries.get(rowKeyed ? row : keyOf(row));
        return v instanceof Row r ? r : null;
    }

    /** The rows in key order, as a live read-only view; only for unique ordered indexes. */
    @SuppressWarnings("unchecked")
    java.util.Collection<Row> rowsInOrder() {
        if (!rowKeyed) {
            throw new IllegalStateException("index " + schema.name() + " does not hold rows in key order");
        }
        return java.util.Collections.unmodifiableCollection((java.util.Collection<Row>) (java.util.Collection<?>) entries.values());
    }

    /** Whether this is a unique ordered index keyed by its rows (so it can hold a table's rows). */
    boolean rowKeyed() {
        return rowKeyed;
    }

    /** Every row whose key equals {@code key}. */
    public void point(IndexKey key, Consumer<Row> sink) {
        emit(entries.get(key), sink);
    }

    /** Every row whose key lies between two bounds (see {@link IndexKey#bound}), in key order. */
    public void range(IndexKey lower, IndexKey upper, Consumer<Row> sink) {
        if (!(entries instanceof NavigableMap<Object, Object> tree)) {
            throw new IllegalStateException("range scan on hash index " + schema.name());
        }
        if (tree.comparator().compare(lower, upper) > 0) {
            return;
        }
        for (Object v : tree.subMap(lower, true, upper, true).values()) {
            emit(v, sink);
        }
    }

    /** All rows in index order (hash indexes: unspecified but deterministic order). */
    public void all(Consumer<Row> sink) {
        for (Object v : entries.values()) {
            emit(v, sink);
        }
    }

    @SuppressWarnings("unchecked")
    private static void emit(Object v, Consumer<Row> sink) {
        if (v == null) {
            return;
        }
        if (v instanceof Row r) {
            sink.accept(r);
        } else {
            for (Row r : (LinkedHashSet<Row>) v) {
                sink.accept(r);
            }
        }
    }

    public void clear() {
        entries.clear();
    }

    public int distinctKeys() {
        return entries.size();
    }
}

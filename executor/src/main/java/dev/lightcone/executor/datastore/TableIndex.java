package dev.lightcone.executor.datastore;

import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
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
    /** Values are {@link Row} when unique, else {@code LinkedHashSet<Row>}. */
    private final Map<IndexKey, Object> entries;

    public TableIndex(IndexSchema schema, RowLayout layout) {
        this.schema = schema;
        this.columns = schema.columns().stream().mapToInt(Integer::intValue).toArray();
        this.layout = layout;
        this.comparator = new KeyComparator(layout.keyTypes(columns));
        this.unique = schema.unique();
        this.entries = schema.algorithm() == IndexAlgorithm.HASH ? new HashMap<>() : new TreeMap<>(comparator);
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

    /** Every row whose key equals {@code key}. */
    public void point(IndexKey key, Consumer<Row> sink) {
        emit(entries.get(key), sink);
    }

    /** Every row whose key lies between two bounds (see {@link IndexKey#bound}), in key order. */
    public void range(IndexKey lower, IndexKey upper, Consumer<Row> sink) {
        if (!(entries instanceof NavigableMap<IndexKey, Object> tree)) {
            throw new IllegalStateException("range scan on hash index " + schema.name());
        }
        if (comparator.compare(lower, upper) > 0) {
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

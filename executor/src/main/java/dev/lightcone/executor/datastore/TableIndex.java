package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One index over a set of rows: ordered (btree, direct) or hashed, unique or not. Unique indexes
 * map a key to its row; non-unique ones map a key to the rows sharing it, in insertion order, so
 * that every scan is deterministic. A unique ordered index over one integer or bool column, the
 * usual primary key, lives in a {@link LongRowTree} keyed by the column's value as a long.
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
     * Null when the index lives in {@link #tree}.
     */
    private final Map<Object, Object> entries;
    /** The types of the key columns, in key order (asked for on every point lookup: computed once). */
    private final List<AlgebraicType> keyTypes;
    private final boolean rowKeyed;
    private final boolean ordered;
    /** How keys map to longs when the index lives in {@link #tree}; else null. */
    private final LongKey longKey;
    /** The entries of a unique ordered index over one integer or bool column; else null. */
    private final LongRowTree tree;

    public TableIndex(IndexSchema schema, RowLayout layout) {
        this(schema, layout, schema.columns().stream().mapToInt(Integer::intValue).toArray());
    }

    private TableIndex(IndexSchema schema, RowLayout layout, int[] columns) {
        this(schema, layout, columns, layout.keyTypes(columns));
    }

    private TableIndex(IndexSchema schema, RowLayout layout, int[] columns, List<AlgebraicType> keyTypes) {
        this(schema, layout, columns, keyTypes, new KeyComparator(keyTypes),
                schema.unique() && schema.algorithm() != IndexAlgorithm.HASH ? LongKey.of(layout, columns) : null);
    }

    private TableIndex(IndexSchema schema, RowLayout layout, int[] columns, List<AlgebraicType> keyTypes,
            KeyComparator comparator, LongKey longKey) {
        this.schema = schema;
        this.columns = columns;
        this.layout = layout;
        this.keyTypes = keyTypes;
        this.comparator = comparator;
        this.unique = schema.unique();
        boolean hash = schema.algorithm() == IndexAlgorithm.HASH;
        this.ordered = !hash;
        this.rowKeyed = unique && !hash;
        this.longKey = longKey;
        this.tree = longKey != null ? new LongRowTree(layout.fixedRowSize()) : null;
        if (tree != null) {
            this.entries = null;
        } else if (hash) {
            this.entries = new HashMap<>();
        } else if (rowKeyed) {
            this.entries = new TreeMap<>(new RowKeyOrder(comparator, layout, columns));
        } else {
            @SuppressWarnings("unchecked")
            Comparator<Object> byKey = (Comparator<Object>) (Comparator<?>) comparator;
            this.entries = new TreeMap<>(byKey);
        }
    }

    /**
     * An empty index of the same definition, sharing this one's immutable key machinery (a transaction
     * makes one per index of every table it inserts into, so it must cost little more than its entries).
     */
    public TableIndex emptyTwin() {
        return new TableIndex(schema, layout, columns, keyTypes, comparator, longKey);
    }

    /** The types of the key columns, in key order. */
    public List<AlgebraicType> keyTypes() {
        return keyTypes;
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
        return ordered;
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
        if (tree != null) {
            tree.put(longKey.ofRow(row.bytes()), row);
            return;
        }
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
        if (tree != null) {
            tree.remove(longKey.ofRow(row.bytes()), row);
            return;
        }
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

    /** Removes {@code row} from a unique ordered index; returns whether it was there (as itself, not just its key). */
    boolean removeIfStored(Row row) {
        if (tree != null) {
            return tree.remove(longKey.ofRow(row.bytes()), row) != null;
        }
        if (!rowKeyed) {
            throw new IllegalStateException("index " + schema.name() + " does not hold rows in key order");
        }
        return entries.remove(row, row);
    }

    /**
     * The key of {@code row} as a long when this index lives in a {@link LongRowTree}; callers check
     * {@link #longKeyed()} first.
     */
    long longKeyOf(Row row) {
        return longKey.ofRow(row.bytes());
    }

    /**
     * Whether this index lives in a {@link LongRowTree} and finds a row's key at the same place in every row, so
     * {@link #longKeyAt} can read it from a row's bytes inside a larger array.
     */
    boolean longKeyedAtFixedOffset() {
        return tree != null && longKey.atFixedOffset();
    }

    /** The key of the row whose bytes start at {@code start} in {@code bytes}; see {@link #longKeyedAtFixedOffset}. */
    long longKeyAt(byte[] bytes, int start) {
        return longKey.ofRowAt(bytes, start);
    }

    /** Whether this index lives in a {@link LongRowTree}, keyed by {@link #longKeyOf}. */
    boolean longKeyed() {
        return tree != null;
    }

    /** The row with this full key in a unique index, or null. */
    public Row uniqueGet(IndexKey key) {
        if (tree != null) {
            return isFull(key) ? tree.get(longKey.ofKey(key.bytes())) : null;
        }
        Object v = entries.get(key);
        return v instanceof Row r ? r : null;
    }

    /** Whether a unique ordered index holds exactly {@code row} (not just a row with its key). */
    boolean holds(Row row) {
        if (tree != null) {
            return tree.holds(longKey.ofRow(row.bytes()), row);
        }
        if (!rowKeyed) {
            throw new IllegalStateException("index " + schema.name() + " does not hold rows in key order");
        }
        return row.equals(entries.get(row));
    }

    /** The stored row whose key equals {@code row}'s key in a unique index, or null. */
    public Row uniqueGetByRow(Row row) {
        if (tree != null) {
            return tree.get(longKey.ofRow(row.bytes()));
        }
        Object v = entries.get(rowKeyed ? row : keyOf(row));
        return v instanceof Row r ? r : null;
    }

    /** The rows in key order, as a live read-only view; only for unique ordered indexes. */
    @SuppressWarnings("unchecked")
    java.util.Collection<Row> rowsInOrder() {
        if (!rowKeyed) {
            throw new IllegalStateException("index " + schema.name() + " does not hold rows in key order");
        }
        if (tree != null) {
            return tree.values();
        }
        return java.util.Collections.unmodifiableCollection((java.util.Collection<Row>) (java.util.Collection<?>) entries.values());
    }

    /** The rows in key order as they are now, unaffected by later changes; only for unique ordered indexes. */
    java.util.List<Row> detachedRowsInOrder() {
        if (tree != null) {
            return tree.detachedValues();
        }
        return java.util.Arrays.asList(rowsInOrder().toArray(new Row[0]));
    }

    /** Whether this is a unique ordered index, which holds its rows in key order (so it can hold a table's rows). */
    boolean rowKeyed() {
        return rowKeyed;
    }

    /** Every row whose key equals {@code key}. */
    public void point(IndexKey key, Consumer<Row> sink) {
        if (tree != null) {
            emit(uniqueGet(key), sink);
            return;
        }
        emit(entries.get(key), sink);
    }

    /** Every row whose key lies between two bounds (see {@link IndexKey#bound}), in key order. */
    public void range(IndexKey lower, IndexKey upper, Consumer<Row> sink) {
        if (tree != null) {
            longRange(lower, upper, sink);
            return;
        }
        if (!(entries instanceof NavigableMap<Object, Object> sorted)) {
            throw new IllegalStateException("range scan on hash index " + schema.name());
        }
        if (sorted.comparator().compare(lower, upper) > 0) {
            return;
        }
        for (Object v : sorted.subMap(lower, true, upper, true).values()) {
            emit(v, sink);
        }
    }

    /**
     * A range scan of {@link #tree}. Bounds are {@link IndexKey}s over zero columns (everything, or
     * nothing, by their sentinel) or over the key column, whose sentinel says whether the value
     * itself is in range; they become the inclusive long bounds they admit.
     */
    private void longRange(IndexKey lower, IndexKey upper, Consumer<Row> sink) {
        long lo;
        if (lower.columns() == 0) {
            if (lower.sentinel() > 0) {
                return;
            }
            lo = Long.MIN_VALUE;
        } else {
            lo = longKey.ofKey(lower.bytes());
            if (lower.sentinel() > 0) {
                if (lo == Long.MAX_VALUE) {
                    return;
                }
                lo++;
            }
        }
        long hi;
        if (upper.columns() == 0) {
            if (upper.sentinel() <= 0) {
                return;
            }
            hi = Long.MAX_VALUE;
        } else {
            hi = longKey.ofKey(upper.bytes());
            if (upper.sentinel() < 0) {
                if (hi == Long.MIN_VALUE) {
                    return;
                }
                hi--;
            }
        }
        tree.range(lo, hi, sink);
    }

    /** Whether {@code key} names one point of the index rather than a range bound. */
    private static boolean isFull(IndexKey key) {
        return key.columns() == 1 && key.sentinel() == 0;
    }

    /** All rows in index order (hash indexes: unspecified but deterministic order). */
    public void all(Consumer<Row> sink) {
        if (tree != null) {
            tree.forEach(sink);
            return;
        }
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
        if (tree != null) {
            tree.clear();
        } else {
            entries.clear();
        }
    }

    public int distinctKeys() {
        return tree != null ? tree.size() : entries.size();
    }
}

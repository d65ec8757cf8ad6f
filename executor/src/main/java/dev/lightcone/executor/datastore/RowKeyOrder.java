package dev.lightcone.executor.datastore;

import java.util.Comparator;

/**
 * Orders the entries of a unique ordered index whose keys are the stored {@link Row}s themselves
 * (searched with {@link IndexKey}s), so no key object is kept per row. Integer and bool key columns
 * at fixed offsets are compared in place in the row; other keys are extracted for the comparison.
 */
final class RowKeyOrder implements Comparator<Object> {
    private final KeyComparator keys;
    private final RowLayout layout;
    private final int[] columns;
    /** Offsets of the key columns inside a row, when every one is a fixed-width integer at a fixed offset. */
    private final int[] rowOffsets;
    /** Offsets of the key columns inside an {@link IndexKey}, in the same case. */
    private final int[] keyOffsets;

    RowKeyOrder(KeyComparator keys, RowLayout layout, int[] columns) {
        this.keys = keys;
        this.layout = layout;
        this.columns = columns;
        int[] widths = keys.fixedWidths();
        int[] rowAt = widths == null ? null : new int[columns.length];
        int[] keyAt = widths == null ? null : new int[columns.length];
        int at = 0;
        for (int i = 0; rowAt != null && i < columns.length; i++) {
            int fixed = layout.fixedOffset(columns[i]);
            if (fixed < 0) {
                rowAt = null;
                keyAt = null;
                break;
            }
            rowAt[i] = fixed;
            keyAt[i] = at;
            at += widths[i];
        }
        this.rowOffsets = rowAt;
        this.keyOffsets = keyAt;
    }

    @Override
    public int compare(Object a, Object b) {
        if (rowOffsets == null) {
            return keys.compare(asKey(a), asKey(b));
        }
        byte[] ba = a instanceof Row r ? r.bytes() : ((IndexKey) a).bytes();
        byte[] bb = b instanceof Row r ? r.bytes() : ((IndexKey) b).bytes();
        int[] oa = a instanceof Row ? rowOffsets : keyOffsets;
        int[] ob = b instanceof Row ? rowOffsets : keyOffsets;
        int colsA = a instanceof IndexKey k ? k.columns() : columns.length;
        int colsB = b instanceof IndexKey k ? k.columns() : columns.length;
        int[] widths = keys.fixedWidths();
        int common = Math.min(colsA, colsB);
        for (int i = 0; i < common; i++) {
            int c = KeyComparator.compareFixedInt(ba, oa[i], bb, ob[i], widths[i], keys.signed(i));
            if (c != 0) {
                return c;
            }
        }
        return KeyComparator.compareLengths(colsA, a instanceof IndexKey k ? k.sentinel() : 0,
                colsB, b instanceof IndexKey k2 ? k2.sentinel() : 0);
    }

    private IndexKey asKey(Object o) {
        return o instanceof IndexKey k ? k : layout.key(((Row) o).bytes(), columns);
    }
}

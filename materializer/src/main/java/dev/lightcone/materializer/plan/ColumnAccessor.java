package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.RowLayout;
import java.util.Arrays;

/**
 * Reads one column of one relation of a tuple, in place.
 *
 * @param relation the relation's position in its fragment
 * @param column   the column's position in the row
 * @param kind     how its values compare
 * @param layout   the relation's row layout
 */
record ColumnAccessor(int relation, int column, ValueKind kind, RowLayout layout) {

    /** The offset of this column in {@code row}. */
    int start(byte[] row) {
        return layout.columnStart(row, column);
    }

    /** A copy of the column's bytes in the tuple's row. */
    byte[] copy(Row[] tuple) {
        byte[] row = tuple[relation].bytes();
        int s = start(row);
        return Arrays.copyOfRange(row, s, s + ValueOrder.size(kind, row, s));
    }

    /** A copy of the column's bytes in {@code row} (a row of this relation). */
    byte[] copy(Row row) {
        byte[] b = row.bytes();
        int s = start(b);
        return Arrays.copyOfRange(b, s, s + ValueOrder.size(kind, b, s));
    }
}

package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.RowLayout;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.Arrays;

/**
 * How a returned row is reshaped before clients see it: a function view's backing row loses its hidden
 * sender column; a SQL view's row is cut to the columns its declared type names. Immutable.
 */
sealed interface RowShape {

    /** The row as clients see it. */
    byte[] apply(byte[] row);

    /** Drops the first {@code bytes} bytes: a fixed-size hidden column. */
    record StripPrefix(int bytes) implements RowShape {
        @Override
        public byte[] apply(byte[] row) {
            return Arrays.copyOfRange(row, bytes, row.length);
        }
    }

    /** Keeps the named columns of the table's rows, in the order of a declared row type. */
    record Columns(RowLayout layout, int[] columns) implements RowShape {
        @Override
        public byte[] apply(byte[] row) {
            int size = 0;
            int[] starts = new int[columns.length];
            int[] ends = new int[columns.length];
            for (int i = 0; i < columns.length; i++) {
                int c = columns[i];
                starts[i] = layout.columnStart(row, c);
                ends[i] = c + 1 < layout.columnCount() ? layout.columnStart(row, c + 1) : row.length;
                size += ends[i] - starts[i];
            }
            byte[] out = new byte[size];
            int at = 0;
            for (int i = 0; i < columns.length; i++) {
                System.arraycopy(row, starts[i], out, at, ends[i] - starts[i]);
                at += ends[i] - starts[i];
            }
            return out;
        }
    }

    /**
     * The shape that turns rows of {@code table} into rows of {@code declared} (a SQL view's row type),
     * or null when they are the same columns in the same order.
     *
     * @throws UnsupportedQueryException if the view declares a column its table does not have
     */
    static RowShape columnsOf(TableSchema table, ProductType declared, String view) {
        int[] columns = new int[declared.size()];
        boolean same = declared.size() == table.columns().size();
        for (int i = 0; i < declared.size(); i++) {
            String name = declared.elements().get(i).name().orElseThrow(
                    () -> new UnsupportedQueryException("View `" + view + "` has a column without a name"));
            int at = table.column(name).orElseThrow(() -> new UnsupportedQueryException("View `" + view
                    + "` declares column `" + name + "`, which `" + table.name() + "` does not have")).colId();
            columns[i] = at;
            same &= at == i;
        }
        return same ? null : new Columns(new RowLayout(table.rowType()), columns);
    }

    /** Applies {@code shape} (null: none) to a row. */
    static Row apply(RowShape shape, Row row) {
        return shape == null ? row : new Row(shape.apply(row.bytes()));
    }
}

package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnReader;
import java.util.Arrays;
import java.util.List;

/**
 * Where each column of a row lies inside its BSATN bytes. Columns before the first variable-size
 * column have fixed offsets computed once; later columns are found by skipping.
 */
public final class RowLayout {
    private final ProductType rowType;
    private final AlgebraicType[] columnTypes;
    /** Offset of each column when every earlier column has a fixed size, else -1. */
    private final int[] fixedOffsets;
    private final int fixedRowSize;
    /**
     * The size of every row when any bytes of that size are a valid row (every column an integer or float), so
     * that checking a row is checking its length; else -1.
     */
    private final int plainRowSize;

    public RowLayout(ProductType rowType) {
        this.rowType = rowType;
        int n = rowType.size();
        this.columnTypes = new AlgebraicType[n];
        this.fixedOffsets = new int[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            columnTypes[i] = rowType.typeAt(i);
            fixedOffsets[i] = offset;
            if (offset >= 0) {
                int size = columnTypes[i].fixedSize();
                offset = size < 0 ? -1 : offset + size;
            }
        }
        this.fixedRowSize = offset;
        boolean plain = true;
        for (AlgebraicType t : columnTypes) {
            plain &= t instanceof PrimitiveType p && p != PrimitiveType.BOOL && p.fixedSize() >= 0;
        }
        this.plainRowSize = plain ? fixedRowSize : -1;
    }

    public ProductType rowType() {
        return rowType;
    }

    public AlgebraicType columnType(int col) {
        return columnTypes[col];
    }

    public int columnCount() {
        return columnTypes.length;
    }

    /** The offset of column {@code col} in every row, or -1 when it depends on earlier variable-size columns. */
    public int fixedOffset(int col) {
        return fixedOffsets[col];
    }

    /** The size every row has, or -1 when rows vary in size. */
    public int fixedRowSize() {
        return fixedRowSize;
    }

    /** Checks that {@code bytes} are exactly one valid row; throws BsatnDecodeException otherwise. */
    public void validate(byte[] bytes) {
        if (bytes.length == plainRowSize) {
            return;
        }
        // Anything else is decoded, which also says what is wrong with it.
        Bsatn.validate(bytes, rowType, Typespace.EMPTY);
    }

    /** The start offset of column {@code col} in {@code row}. */
    public int columnStart(byte[] row, int col) {
        int fixed = fixedOffsets[col];
        if (fixed >= 0) {
            return fixed;
        }
        int start = 0;
        for (int i = 0; i < col; i++) {
            if (fixedOffsets[i + 1] >= 0) {
                start = fixedOffsets[i + 1];
                continue;
            }
            start = columnEnd(row, i, start);
        }
        return start;
    }

    private int columnEnd(byte[] row, int col, int start) {
        int[] pos = {start};
        KeyComparator.skip(columnTypes[col], row, pos);
        return pos[0];
    }

    /** The bytes of column {@code col}. */
    public byte[] column(byte[] row, int col) {
        int start = columnStart(row, col);
        return Arrays.copyOfRange(row, start, columnEnd(row, col, start));
    }

    /** Concatenates the bytes of {@code cols} (in that order) into a full index key. */
    public IndexKey key(byte[] row, int[] cols) {
        if (cols.length == 1) {
            return IndexKey.full(column(row, cols[0]), 1);
        }
        int total = 0;
        int[] starts = new int[cols.length];
        int[] ends = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            starts[i] = columnStart(row, cols[i]);
            ends[i] = columnEnd(row, cols[i], starts[i]);
            total += ends[i] - starts[i];
        }
        byte[] key = new byte[total];
        int at = 0;
        for (int i = 0; i < cols.length; i++) {
            System.arraycopy(row, starts[i], key, at, ends[i] - starts[i]);
            at += ends[i] - starts[i];
        }
        return IndexKey.full(key, cols.length);
    }

    /** The key column types of an index over {@code cols}. */
    public List<AlgebraicType> keyTypes(int[] cols) {
        return Arrays.stream(cols).mapToObj(c -> columnTypes[c]).toList();
    }

    /** Checks that {@code key} holds exactly {@code columns} valid values of the first key types. */
    public static void validateKey(byte[] key, List<AlgebraicType> keyTypes, int columns) {
        BsatnReader r = new BsatnReader(key);
        for (int i = 0; i < columns; i++) {
            Bsatn.skip(r, keyTypes.get(i), Typespace.EMPTY);
        }
        r.expectEnd();
    }
}

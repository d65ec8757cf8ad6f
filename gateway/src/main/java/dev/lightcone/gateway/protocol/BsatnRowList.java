package dev.lightcone.gateway.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of one table, each the BSATN of the table's row product, back to back in {@code rowsData}, with a
 * {@link RowSizeHint} that says where each row starts. Instances are validated: the hint always describes
 * {@code rowsData} exactly, so SDKs that split by the hint (Rust, C#) and SDKs that decode sequentially
 * (TypeScript) see the same rows.
 */
public final class BsatnRowList {
    private static final BsatnRowList EMPTY = new BsatnRowList(new RowSizeHint.RowOffsets(new long[0]), new byte[0]);

    private final RowSizeHint sizeHint;
    private final byte[] rowsData;

    private BsatnRowList(RowSizeHint sizeHint, byte[] rowsData) {
        this.sizeHint = sizeHint;
        this.rowsData = rowsData;
    }

    /** The empty list, encoded {@code 01 00000000 00000000} ({@code RowOffsets([])}, no bytes). */
    public static BsatnRowList empty() {
        return EMPTY;
    }

    /**
     * Packs {@code rows}: {@code FixedSize(n)} when every row has exactly the same size {@code n} in 1..65535,
     * otherwise {@code RowOffsets}; an empty list is {@code RowOffsets([])}.
     */
    public static BsatnRowList of(List<byte[]> rows) {
        if (rows.isEmpty()) {
            return EMPTY;
        }
        int first = rows.get(0).length;
        boolean fixed = first > 0 && first <= 0xFFFF;
        long total = 0;
        for (byte[] r : rows) {
            fixed &= r.length == first;
            total += r.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("row list too large: " + total + " bytes");
        }
        byte[] data = new byte[(int) total];
        long[] offsets = new long[rows.size()];
        int pos = 0;
        for (int i = 0; i < rows.size(); i++) {
            byte[] r = rows.get(i);
            offsets[i] = pos;
            System.arraycopy(r, 0, data, pos, r.length);
            pos += r.length;
        }
        RowSizeHint hint = fixed ? new RowSizeHint.FixedSize(first) : new RowSizeHint.RowOffsets(offsets);
        return new BsatnRowList(hint, data);
    }

    /** Packs the given rows (see {@link #of(List)}). */
    public static BsatnRowList of(byte[]... rows) {
        return of(Arrays.asList(rows));
    }

    /**
     * Wraps already-packed row data under {@code hint} without copying {@code rowsData} (the caller must not
     * mutate it afterwards), checking that the hint describes the data exactly.
     *
     * @throws IllegalArgumentException if the hint does not match the data
     */
    public static BsatnRowList wrap(RowSizeHint hint, byte[] rowsData) {
        String problem = check(hint, rowsData.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new BsatnRowList(hint, rowsData);
    }

    /** Why {@code hint} does not describe {@code dataLength} bytes of rows, or null when it does. */
    public static String check(RowSizeHint hint, int dataLength) {
        if (hint instanceof RowSizeHint.FixedSize f) {
            return dataLength % f.rowSize() == 0 ? null
                    : "row data of " + dataLength + " bytes is not a multiple of the fixed row size " + f.rowSize();
        }
        RowSizeHint.RowOffsets r = (RowSizeHint.RowOffsets) hint;
        int n = r.rowCount(dataLength);
        if (n == 0) {
            return dataLength == 0 ? null : "no row offsets for " + dataLength + " bytes of row data";
        }
        if (r.offset(0) != 0) {
            return "the first row offset is " + r.offset(0) + ", not 0";
        }
        for (int i = 1; i < n; i++) {
            if (r.offset(i) < r.offset(i - 1)) {
                return "row offset " + i + " (" + r.offset(i) + ") precedes the previous one";
            }
        }
        if (r.offset(n - 1) > dataLength) {
            return "row offset " + r.offset(n - 1) + " is past the end of " + dataLength + " bytes of row data";
        }
        return null;
    }

    /** The size hint. */
    public RowSizeHint sizeHint() {
        return sizeHint;
    }

    /** The packed row bytes (not copied; do not mutate). */
    public byte[] rowsData() {
        return rowsData;
    }

    /** The number of rows. */
    public int rowCount() {
        return sizeHint.rowCount(rowsData.length);
    }

    /** True when there are no rows. */
    public boolean isEmpty() {
        return rowCount() == 0;
    }

    /** Each row's bytes, split by the size hint. */
    public List<byte[]> rows() {
        int n = rowCount();
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int start;
            int end;
            if (sizeHint instanceof RowSizeHint.FixedSize f) {
                start = i * f.rowSize();
                end = start + f.rowSize();
            } else {
                RowSizeHint.RowOffsets r = (RowSizeHint.RowOffsets) sizeHint;
                start = (int) r.offset(i);
                end = i + 1 < n ? (int) r.offset(i + 1) : rowsData.length;
            }
            out.add(Arrays.copyOfRange(rowsData, start, end));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BsatnRowList l && sizeHint.equals(l.sizeHint) && Arrays.equals(rowsData, l.rowsData);
    }

    @Override
    public int hashCode() {
        return 31 * sizeHint.hashCode() + Arrays.hashCode(rowsData);
    }

    @Override
    public String toString() {
        return "BsatnRowList[" + sizeHint + ", " + Bytes.show(rowsData) + "]";
    }
}

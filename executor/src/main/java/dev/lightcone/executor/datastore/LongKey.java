package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The key of an index over one integer (up to 64 bits) or bool column, read as a {@code long}
 * whose signed order is the key's order, so that a {@link LongRowTree} can hold the index: signed
 * types sign-extend, u8/u16/u32 and bool zero-extend, and u64 flips its top bit (which maps
 * 0..2^64-1 onto Long.MIN_VALUE..Long.MAX_VALUE in order).
 */
final class LongKey {
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final RowLayout layout;
    private final int column;
    /** Where the column lies in every row, or -1 when an earlier variable-size column moves it. */
    private final int rowOffset;
    private final int width;
    private final boolean signed;

    private LongKey(RowLayout layout, int column, PrimitiveType type) {
        this.layout = layout;
        this.column = column;
        this.rowOffset = layout.fixedOffset(column);
        this.width = type.fixedSize();
        this.signed = type.signed();
    }

    /** The key reader for an index over {@code columns}, or null unless that is one integer or bool column. */
    static LongKey of(RowLayout layout, int[] columns) {
        if (columns.length != 1) {
            return null;
        }
        AlgebraicType type = layout.columnType(columns[0]);
        if (type instanceof PrimitiveType p && (p.fitsInLong() || p == PrimitiveType.BOOL)) {
            return new LongKey(layout, columns[0], p);
        }
        return null;
    }

    /** The key of a row. */
    long ofRow(byte[] row) {
        return read(row, rowOffset >= 0 ? rowOffset : layout.columnStart(row, column));
    }

    /** Whether the column lies at the same place in every row (no variable-size column before it). */
    boolean atFixedOffset() {
        return rowOffset >= 0;
    }

    /** The key of the row whose bytes start at {@code start} in {@code bytes}; only when {@link #atFixedOffset}. */
    long ofRowAt(byte[] bytes, int start) {
        return read(bytes, start + rowOffset);
    }

    /** The key an {@link IndexKey}'s bytes hold (its one column must be present). */
    long ofKey(byte[] key) {
        return read(key, 0);
    }

    private long read(byte[] b, int at) {
        switch (width) {
            case 1:
                return signed ? b[at] : b[at] & 0xFFL;
            case 2: {
                short v = (short) SHORT_LE.get(b, at);
                return signed ? v : v & 0xFFFFL;
            }
            case 4: {
                int v = (int) INT_LE.get(b, at);
                return signed ? v : v & 0xFFFFFFFFL;
            }
            default: {
                long v = (long) LONG_LE.get(b, at);
                return signed ? v : v ^ Long.MIN_VALUE;
            }
        }
    }
}

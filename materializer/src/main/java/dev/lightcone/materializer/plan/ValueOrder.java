package dev.lightcone.materializer.plan;

import java.util.Arrays;

/**
 * Compares and measures BSATN values of a {@link ValueKind} in place, without decoding or allocating.
 * The order is SpacetimeDB's (and the datastore's index order): integers numerically, bools false
 * first, floats by IEEE total order, strings and bytes by unsigned bytes then length.
 */
final class ValueOrder {
    private ValueOrder() {
    }

    /** Compares the value at {@code a[ao]} with the value at {@code b[bo]}. */
    static int compare(ValueKind kind, byte[] a, int ao, byte[] b, int bo) {
        switch (kind) {
            case STRING, BYTES -> {
                int la = readU32(a, ao);
                int lb = readU32(b, bo);
                return Arrays.compareUnsigned(a, ao + 4, ao + 4 + la, b, bo + 4, bo + 4 + lb);
            }
            case F32 -> {
                return Float.compare(Float.intBitsToFloat(readU32(a, ao)), Float.intBitsToFloat(readU32(b, bo)));
            }
            case F64 -> {
                return Double.compare(Double.longBitsToDouble(readU64(a, ao)), Double.longBitsToDouble(readU64(b, bo)));
            }
            default -> {
                int hi = kind.width - 1;
                int c = kind.isSigned() ? Byte.compare(a[ao + hi], b[bo + hi])
                        : Integer.compare(a[ao + hi] & 0xFF, b[bo + hi] & 0xFF);
                for (int i = hi - 1; c == 0 && i >= 0; i--) {
                    c = Integer.compare(a[ao + i] & 0xFF, b[bo + i] & 0xFF);
                }
                return c;
            }
        }
    }

    /** The number of bytes of the value at {@code row[offset]}. */
    static int size(ValueKind kind, byte[] row, int offset) {
        return kind.width >= 0 ? kind.width : 4 + readU32(row, offset);
    }

    static int readU32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long readU64(byte[] b, int i) {
        return (readU32(b, i) & 0xFFFFFFFFL) | ((long) readU32(b, i + 4)) << 32;
    }
}

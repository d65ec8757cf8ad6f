package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import java.util.Comparator;
import java.util.List;

/**
 * Orders {@link IndexKey}s by the values they encode, reading BSATN directly so keys need not be
 * decoded. The order is SpacetimeDB's: integers numerically, bools false first, strings and bytes
 * by their bytes, floats by IEEE total order, arrays and products lexicographically, sums by tag
 * and then payload.
 */
public final class KeyComparator implements Comparator<IndexKey> {
    private final AlgebraicType[] keyTypes;
    /** Byte widths of the key columns when every one is a fixed-width integer or bool; else null. */
    private final int[] fixedWidths;
    private final boolean[] signed;

    public KeyComparator(List<AlgebraicType> keyTypes) {
        this.keyTypes = keyTypes.toArray(new AlgebraicType[0]);
        int[] widths = new int[this.keyTypes.length];
        boolean[] sign = new boolean[this.keyTypes.length];
        boolean allFixed = true;
        for (int i = 0; i < widths.length; i++) {
            if (this.keyTypes[i] instanceof PrimitiveType p && (p.isInteger() || p == PrimitiveType.BOOL)) {
                widths[i] = p.fixedSize();
                sign[i] = p.signed();
            } else {
                allFixed = false;
            }
        }
        this.fixedWidths = allFixed ? widths : null;
        this.signed = sign;
    }

    @Override
    public int compare(IndexKey a, IndexKey b) {
        int common = Math.min(a.columns(), b.columns());
        if (fixedWidths != null) {
            // Hot path (integer keys such as ids): compare in place, no cursor allocation.
            int at = 0;
            for (int i = 0; i < common; i++) {
                int c = compareFixedInt(a.bytes(), at, b.bytes(), at, fixedWidths[i], signed[i]);
                if (c != 0) {
                    return c;
                }
                at += fixedWidths[i];
            }
            return compareLengths(a, b);
        }
        int[] pa = {0};
        int[] pb = {0};
        for (int i = 0; i < common; i++) {
            int c = compareValue(keyTypes[i], a.bytes(), pa, b.bytes(), pb);
            if (c != 0) {
                return c;
            }
        }
        return compareLengths(a, b);
    }

    private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The widths of the key columns when all are fixed-width integers or bools, else null. */
    int[] fixedWidths() {
        return fixedWidths;
    }

    boolean signed(int column) {
        return signed[column];
    }

    /** Compares fixed-width little-endian integers at {@code ai} in {@code a} and {@code bi} in {@code b}. */
    static int compareFixedInt(byte[] a, int ai, byte[] b, int bi, int width, boolean isSigned) {
        if (width == 4) {
            int x = (int) INT_LE.get(a, ai);
            int y = (int) INT_LE.get(b, bi);
            return isSigned ? Integer.compare(x, y) : Integer.compareUnsigned(x, y);
        }
        if (width == 8) {
            long x = (long) LONG_LE.get(a, ai);
            long y = (long) LONG_LE.get(b, bi);
            return isSigned ? Long.compare(x, y) : Long.compareUnsigned(x, y);
        }
        int c = isSigned ? Byte.compare(a[ai + width - 1], b[bi + width - 1])
                : Integer.compare(a[ai + width - 1] & 0xFF, b[bi + width - 1] & 0xFF);
        if (c != 0) {
            return c;
        }
        for (int i = width - 2; i >= 0; i--) {
            c = Integer.compare(a[ai + i] & 0xFF, b[bi + i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareLengths(IndexKey a, IndexKey b) {
        return compareLengths(a.columns(), a.sentinel(), b.columns(), b.sentinel());
    }

    /** Keys equal on their common columns: a partial key sorts by its sentinel against longer keys. */
    static int compareLengths(int columnsA, int sentinelA, int columnsB, int sentinelB) {
        if (columnsA == columnsB) {
            return Integer.compare(sentinelA, sentinelB);
        }
        return columnsA < columnsB ? (sentinelA == 0 ? -1 : sentinelA) : (sentinelB == 0 ? 1 : -sentinelB);
    }

    /** Compares one value of {@code type} at {@code pa[0]} and {@code pb[0]}, advancing both. */
    static int compareValue(AlgebraicType type, byte[] a, int[] pa, byte[] b, int[] pb) {
        if (type instanceof PrimitiveType p) {
            return comparePrimitive(p, a, pa, b, pb);
        }
        if (type instanceof ProductType p) {
            for (ProductType.Element e : p.elements()) {
                int c = compareValue(e.type(), a, pa, b, pb);
                if (c != 0) {
                    skipRest(p, e, a, pa, b, pb);
                    return c;
                }
            }
            return 0;
        }
        if (type instanceof SumType s) {
            int ta = a[pa[0]++] & 0xFF;
            int tb = b[pb[0]++] & 0xFF;
            if (ta != tb) {
                skip(s.variants().get(ta).type(), a, pa);
                skip(s.variants().get(tb).type(), b, pb);
                return Integer.compare(ta, tb);
            }
            return compareValue(s.variants().get(ta).type(), a, pa, b, pb);
        }
        if (type instanceof ArrayType arr) {
            int na = readU32(a, pa[0]);
            int nb = readU32(b, pb[0]);
            pa[0] += 4;
            pb[0] += 4;
            int n = Math.min(na, nb);
            int result = 0;
            int i = 0;
            for (; i < n && result == 0; i++) {
                result = compareValue(arr.elementType(), a, pa, b, pb);
            }
            for (int j = i; j < na; j++) {
                skip(arr.elementType(), a, pa);
            }
            for (int j = i; j < nb; j++) {
                skip(arr.elementType(), b, pb);
            }
            return result != 0 ? result : Integer.compare(na, nb);
        }
        throw new IllegalStateException("index key types must be inlined, got " + type);
    }

    private static void skipRest(ProductType p, ProductType.Element from, byte[] a, int[] pa, byte[] b, int[] pb) {
        boolean after = false;
        for (ProductType.Element e : p.elements()) {
            if (after) {
                skip(e.type(), a, pa);
                skip(e.type(), b, pb);
            }
            if (e == from) {
                after = true;
            }
        }
    }

    private static int comparePrimitive(PrimitiveType p, byte[] a, int[] pa, byte[] b, int[] pb) {
        int ia = pa[0];
        int ib = pb[0];
        switch (p) {
            case STRING -> {
                int la = readU32(a, ia);
                int lb = readU32(b, ib);
                pa[0] += 4 + la;
                pb[0] += 4 + lb;
                return java.util.Arrays.compareUnsigned(a, ia + 4, ia + 4 + la, b, ib + 4, ib + 4 + lb);
            }
            case F32 -> {
                pa[0] += 4;
                pb[0] += 4;
                return Float.compare(Float.intBitsToFloat(readU32(a, ia)), Float.intBitsToFloat(readU32(b, ib)));
            }
            case F64 -> {
                pa[0] += 8;
                pb[0] += 8;
                return Double.compare(Double.longBitsToDouble(readU64(a, ia)), Double.longBitsToDouble(readU64(b, ib)));
            }
            default -> {
                int n = p.fixedSize();
                pa[0] += n;
                pb[0] += n;
                // Little-endian: the most significant byte is last; signed types compare it signed.
                int hi = n - 1;
                int c = p.signed() ? Byte.compare(a[ia + hi], b[ib + hi])
                        : Integer.compare(a[ia + hi] & 0xFF, b[ib + hi] & 0xFF);
                if (c != 0) {
                    return c;
                }
                for (int i = hi - 1; i >= 0; i--) {
                    c = Integer.compare(a[ia + i] & 0xFF, b[ib + i] & 0xFF);
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
        }
    }

    /** Advances past one value of {@code type} in {@code buf}. The bytes were validated on insert. */
    static void skip(AlgebraicType type, byte[] buf, int[] pos) {
        int fixed = type.fixedSize();
        if (fixed >= 0) {
            pos[0] += fixed;
            return;
        }
        if (type == PrimitiveType.STRING) {
            pos[0] += 4 + readU32(buf, pos[0]);
        } else if (type instanceof ArrayType arr) {
            int n = readU32(buf, pos[0]);
            pos[0] += 4;
            int elem = arr.elementType().fixedSize();
            if (elem >= 0) {
                pos[0] += n * elem;
            } else {
                for (int i = 0; i < n; i++) {
                    skip(arr.elementType(), buf, pos);
                }
            }
        } else if (type instanceof ProductType p) {
            for (ProductType.Element e : p.elements()) {
                skip(e.type(), buf, pos);
            }
        } else if (type instanceof SumType s) {
            int tag = buf[pos[0]++] & 0xFF;
            skip(s.variants().get(tag).type(), buf, pos);
        } else {
            throw new IllegalStateException("row types must be inlined, got " + type);
        }
    }

    static int readU32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long readU64(byte[] b, int i) {
        return (readU32(b, i) & 0xFFFFFFFFL) | ((long) readU32(b, i + 4)) << 32;
    }
}

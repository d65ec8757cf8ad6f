package dev.lightcone.executor.datastore;

import java.util.Arrays;

/**
 * One stored row: its BSATN bytes, compared by content. Tables are sets, so two rows with the same
 * bytes are the same row. Immutable: the bytes are never modified after construction.
 *
 * <p>The hash is not cached: most rows live in a {@link LongRowTree}, which never hashes them (and keeps only
 * their bytes, making a {@code Row} around them when one is read), and a cached hash made every row 8 bytes
 * larger (24 instead of 16) and cost a pass over the bytes when it was built, which recovery does for every
 * row it replays. Hash sets keep each entry's hash anyway.
 */
public final class Row {
    private final byte[] bytes;

    /** Wraps bytes the caller will not modify afterwards. */
    public Row(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A well-mixed hash of the bytes. {@code Arrays.hashCode} collides badly on rows that differ only
     * in a few low bytes (ids, small balances), which turned hash-set bins into trees.
     */
    static int hash(byte[] b) {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = mix(h ^ (long) LONG_LE.get(b, i));
        }
        long tail = 0;
        for (int k = b.length - 1; k >= i; k--) {
            tail = (tail << 8) | (b[k] & 0xFF);
        }
        h = mix(h ^ tail);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The row's BSATN; callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return hash(bytes);
    }

    @Override
    public String toString() {
        return "Row[" + java.util.HexFormat.of().formatHex(bytes) + "]";
    }
}

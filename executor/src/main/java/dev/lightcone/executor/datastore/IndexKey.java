package dev.lightcone.executor.datastore;

import java.util.Arrays;

/**
 * The BSATN of the first {@code columns} key columns of an index, concatenated. A full key names
 * one point of the index; a partial key with a {@code sentinel} of -1 or +1 sorts before or after
 * every full key that starts with it, which is how range bounds are expressed.
 */
public final class IndexKey {
    private final byte[] bytes;
    private final int columns;
    private final int sentinel;
    private final int hash;

    private IndexKey(byte[] bytes, int columns, int sentinel) {
        this.bytes = bytes;
        this.columns = columns;
        this.sentinel = sentinel;
        this.hash = Row.hash(bytes);
    }

    /** A full key: all key columns. */
    public static IndexKey full(byte[] bytes, int columns) {
        return new IndexKey(bytes, columns, 0);
    }

    /** A bound: the first {@code columns} key columns, sorting before (-1) or after (+1) its extensions. */
    public static IndexKey bound(byte[] bytes, int columns, int sentinel) {
        if (sentinel != -1 && sentinel != 1) {
            throw new IllegalArgumentException("sentinel must be -1 or +1");
        }
        return new IndexKey(bytes, columns, sentinel);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int columns() {
        return columns;
    }

    public int sentinel() {
        return sentinel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexKey k && k.hash == hash && k.columns == columns && k.sentinel == sentinel
                && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "IndexKey[" + java.util.HexFormat.of().formatHex(bytes) + "/" + columns
                + (sentinel == 0 ? "" : sentinel < 0 ? "-" : "+") + "]";
    }
}

package dev.lightcone.executor.datastore;

import java.util.Arrays;

/**
 * One stored row: its BSATN bytes, compared by content. Tables are sets, so two rows with the same
 * bytes are the same row. Immutable: the bytes are never modified after construction.
 */
public final class Row {
    private final byte[] bytes;
    private final int hash;

    /** Wraps bytes the caller will not modify afterwards. */
    public Row(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The row's BSATN; callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.hash == hash && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Row[" + java.util.HexFormat.of().formatHex(bytes) + "]";
    }
}

package dev.lightcone.materializer.plan;

import java.util.Arrays;

/** A column value's BSATN as a hash key (equal bytes are equal values for the comparable kinds). */
final class ByteKey {
    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && k.hash == hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

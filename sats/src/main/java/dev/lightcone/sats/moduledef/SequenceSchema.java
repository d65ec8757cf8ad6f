package dev.lightcone.sats.moduledef;

import java.math.BigInteger;

/**
 * An auto-increment sequence on an integer column, named {@code {table}_{col}_seq}. Defaults (when
 * the definition leaves them unset): start 1, min 1, max the column type's maximum.
 */
public record SequenceSchema(String name, int column, BigInteger start, BigInteger min, BigInteger max,
        BigInteger increment) {
}

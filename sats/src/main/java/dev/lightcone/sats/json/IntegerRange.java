package dev.lightcone.sats.json;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.PrimitiveType;
import java.math.BigInteger;

/** Range checks that turn a parsed integer into the {@link AlgebraicValue} of an integer type. */
final class IntegerRange {
    private IntegerRange() {
    }

    static AlgebraicValue check(PrimitiveType p, BigInteger v, String path) {
        int bits = p.fixedSize() * 8;
        BigInteger min = p.signed() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = p.signed() ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new SatsJsonException(path, v + " is out of range for " + p.jsonName());
        }
        if (p.fitsInLong()) {
            return new AlgebraicValue.Int(v.longValue());
        }
        return new AlgebraicValue.Big(v);
    }
}

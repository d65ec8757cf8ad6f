package dev.lightcone.materializer.plan;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;

/**
 * The comparable column types, reduced to how their BSATN bytes compare: a primitive, or a
 * length-prefixed byte string ({@code Array<U8>}). Identity, ConnectionId, Timestamp and Uuid are
 * single-field products and compare as their field.
 */
enum ValueKind {
    BOOL(1), I8(1), U8(1), I16(2), U16(2), I32(4), U32(4), I64(8), U64(8), I128(16), U128(16), I256(32), U256(32),
    F32(4), F64(8), STRING(-1), BYTES(-1);

    /** Bytes per value, or -1 for length-prefixed values. */
    final int width;

    ValueKind(int width) {
        this.width = width;
    }

    boolean isInteger() {
        return ordinal() >= I8.ordinal() && ordinal() <= U256.ordinal();
    }

    boolean isSigned() {
        return this == I8 || this == I16 || this == I32 || this == I64 || this == I128 || this == I256;
    }

    boolean isFloat() {
        return this == F32 || this == F64;
    }

    /** The kind values of {@code type} compare as, or null if they cannot be compared. */
    static ValueKind of(AlgebraicType type) {
        if (type instanceof PrimitiveType p) {
            return valueOf(p.name());
        }
        if (type instanceof ArrayType a && a.elementType() == PrimitiveType.U8) {
            return BYTES;
        }
        if (SpecialTypes.isIdentity(type) || SpecialTypes.isConnectionId(type) || SpecialTypes.isTimestamp(type)
                || SpecialTypes.isUuid(type)) {
            return of(((ProductType) type).typeAt(0));
        }
        return null;
    }
}

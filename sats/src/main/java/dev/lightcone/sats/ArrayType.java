package dev.lightcone.sats;

import java.util.Objects;

/** {@code Array<T>}: a u32 count followed by the elements. {@code Array<U8>} is the bytes type. */
public record ArrayType(AlgebraicType elementType) implements AlgebraicType {
    public ArrayType {
        Objects.requireNonNull(elementType, "elementType");
    }

    @Override
    public int kindTag() {
        return 3;
    }

    @Override
    public int fixedSize() {
        return -1;
    }

    /** True for {@code Array<U8>}, which SATS-JSON renders as a hex string. */
    public boolean isBytes() {
        return elementType == PrimitiveType.U8;
    }
}

package dev.lightcone.sats;

/** A reference to the type at {@code index} in a module's {@link Typespace}. */
public record TypeRef(int index) implements AlgebraicType {
    public TypeRef {
        if (index < 0) {
            throw new IllegalArgumentException("type reference must be non-negative: " + index);
        }
    }

    @Override
    public int kindTag() {
        return 0;
    }

    @Override
    public int fixedSize() {
        return -1;
    }
}

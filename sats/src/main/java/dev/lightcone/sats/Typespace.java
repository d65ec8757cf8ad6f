package dev.lightcone.sats;

import java.util.List;

/** The table of named types of a module; {@link TypeRef}s index into it. */
public record Typespace(List<AlgebraicType> types) {

    public static final Typespace EMPTY = new Typespace(List.of());

    public Typespace {
        types = List.copyOf(types);
    }

    /** The type at a reference, failing with a clear message when the reference dangles. */
    public AlgebraicType get(int index) {
        if (index < 0 || index >= types.size()) {
            throw new IllegalArgumentException(
                    "type reference " + index + " is outside the typespace of " + types.size() + " types");
        }
        return types.get(index);
    }

    /** Follows references until a non-reference type is reached. */
    public AlgebraicType resolve(AlgebraicType type) {
        AlgebraicType t = type;
        int hops = 0;
        while (t instanceof TypeRef r) {
            t = get(r.index());
            if (++hops > types.size()) {
                throw new IllegalArgumentException("type reference " + ((TypeRef) type).index() + " is cyclic");
            }
        }
        return t;
    }

    /**
     * Replaces every reference inside {@code type} by the type it names, so codecs need no typespace.
     * Recursive types cannot be inlined and are rejected.
     */
    public AlgebraicType inline(AlgebraicType type) {
        return inline(type, 0);
    }

    private AlgebraicType inline(AlgebraicType type, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("type is recursive or nested deeper than 64 levels");
        }
        if (type instanceof TypeRef r) {
            return inline(get(r.index()), depth + 1);
        }
        if (type instanceof ArrayType a) {
            return new ArrayType(inline(a.elementType(), depth + 1));
        }
        if (type instanceof ProductType p) {
            return new ProductType(p.elements().stream()
                    .map(e -> new ProductType.Element(e.name(), inline(e.type(), depth + 1)))
                    .toList());
        }
        if (type instanceof SumType s) {
            return new SumType(s.variants().stream()
                    .map(v -> new SumType.Variant(v.name(), inline(v.type(), depth + 1)))
                    .toList());
        }
        return type;
    }
}

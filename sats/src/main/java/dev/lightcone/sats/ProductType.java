package dev.lightcone.sats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A product (struct) type: named or unnamed elements encoded back to back in declaration order. */
public record ProductType(List<Element> elements) implements AlgebraicType {

    /** The product with no elements: the unit type, encoded as nothing. */
    public static final ProductType UNIT = new ProductType(List.of());

    /** One field of a product. */
    public record Element(Optional<String> name, AlgebraicType type) {
        public Element {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        public static Element named(String name, AlgebraicType type) {
            return new Element(Optional.of(name), type);
        }
    }

    public ProductType {
        elements = List.copyOf(elements);
    }

    /** Builds a product from alternating names and types: {@code of("id", U64, "name", STRING)}. */
    public static ProductType of(Object... namesAndTypes) {
        if (namesAndTypes.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/type pairs");
        }
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            elements.add(Element.named((String) namesAndTypes[i], (AlgebraicType) namesAndTypes[i + 1]));
        }
        return new ProductType(elements);
    }

    @Override
    public int kindTag() {
        return 2;
    }

    @Override
    public int fixedSize() {
        int size = 0;
        for (int i = 0; i < elements.size(); i++) { // indexed: called per row on the writer
            int s = elements.get(i).type().fixedSize();
            if (s < 0) {
                return -1;
            }
            size += s;
        }
        return size;
    }

    public int size() {
        return elements.size();
    }

    public AlgebraicType typeAt(int index) {
        return elements.get(index).type();
    }

    /** The position of the element with this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).name().filter(name::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    /** True if this is the special product with a single element of this name and type. */
    boolean isSpecial(String fieldName, PrimitiveType type) {
        return elements.size() == 1
                && elements.get(0).type() == type
                && elements.get(0).name().filter(fieldName::equals).isPresent();
    }
}

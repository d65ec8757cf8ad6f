package dev.lightcone.sats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A sum (tagged union) type: a one-byte variant tag followed by that variant's payload. */
public record SumType(List<Variant> variants) implements AlgebraicType {

    /** One variant of a sum. Unit variants have {@link ProductType#UNIT} as their type. */
    public record Variant(Optional<String> name, AlgebraicType type) {
        public Variant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        public static Variant named(String name, AlgebraicType type) {
            return new Variant(Optional.of(name), type);
        }
    }

    public SumType {
        variants = List.copyOf(variants);
        if (variants.size() > 256) {
            throw new IllegalArgumentException("a sum has at most 256 variants, got " + variants.size());
        }
    }

    /** Builds a sum from alternating names and types. */
    public static SumType of(Object... namesAndTypes) {
        if (namesAndTypes.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/type pairs");
        }
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            variants.add(Variant.named((String) namesAndTypes[i], (AlgebraicType) namesAndTypes[i + 1]));
        }
        return new SumType(variants);
    }

    /** {@code Option<T>}: some = tag 0, none = tag 1. */
    public static SumType option(AlgebraicType some) {
        return of("some", some, "none", ProductType.UNIT);
    }

    @Override
    public int kindTag() {
        return 1;
    }

    @Override
    public int fixedSize() {
        if (isSimpleEnum()) {
            return 1;
        }
        return -1;
    }

    public int size() {
        return variants.size();
    }

    /** True if every variant carries no payload (a C-like enum). */
    public boolean isSimpleEnum() {
        for (Variant v : variants) {
            if (!(v.type() instanceof ProductType p) || p.size() != 0) {
                return false;
            }
        }
        return true;
    }

    /** True if this is {@code Option<T>}. */
    public boolean isOption() {
        return variants.size() == 2
                && variants.get(0).name().filter("some"::equals).isPresent()
                && variants.get(1).name().filter("none"::equals).isPresent()
                && variants.get(1).type().equals(ProductType.UNIT);
    }

    /** The position of the variant with this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < variants.size(); i++) {
            if (variants.get(i).name().filter(name::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }
}

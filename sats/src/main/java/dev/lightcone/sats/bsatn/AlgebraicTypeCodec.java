package dev.lightcone.sats.bsatn;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BSATN encoding of {@link AlgebraicType} itself (module-abi §7.3), as found in module definitions.
 *
 * <p>Besides the direct codec this class describes the <em>meta-type</em>: the SATS type whose values
 * are types. It lives in {@link #META_TYPESPACE} because it is recursive (slot 0 is
 * {@code AlgebraicType}, slot 1 {@code SumType}, slot 2 {@code ProductType}); larger meta-typespaces,
 * such as the module definition's, must start with these three slots so the references stay valid.
 * {@link #toValue} and {@link #fromValue} convert between types and their meta-values, which is what a
 * generic renderer (SATS-JSON of the schema route) works with.
 */
public final class AlgebraicTypeCodec {
    private AlgebraicTypeCodec() {
    }

    /** Meta-type slot of {@code AlgebraicType}. */
    public static final TypeRef ALGEBRAIC_TYPE = new TypeRef(0);
    /** Meta-type slot of {@code SumType} ({@code {variants: Array(SumTypeVariant)}}). */
    public static final TypeRef SUM_TYPE = new TypeRef(1);
    /** Meta-type slot of {@code ProductType} ({@code {elements: Array(ProductTypeElement)}}). */
    public static final TypeRef PRODUCT_TYPE = new TypeRef(2);

    /** The three recursive meta-types, in slot order. */
    public static final List<AlgebraicType> META_TYPES = List.of(
            algebraicTypeMetaType(),
            ProductType.of("variants", AlgebraicType.array(ProductType.of(
                    "name", SumType.option(PrimitiveType.STRING), "algebraic_type", ALGEBRAIC_TYPE))),
            ProductType.of("elements", AlgebraicType.array(ProductType.of(
                    "name", SumType.option(PrimitiveType.STRING), "algebraic_type", ALGEBRAIC_TYPE))));

    /** A typespace holding just the {@link #META_TYPES}. */
    public static final Typespace META_TYPESPACE = new Typespace(META_TYPES);

    private static final int TAG_REF = 0;
    private static final int TAG_SUM = 1;
    private static final int TAG_PRODUCT = 2;
    private static final int TAG_ARRAY = 3;

    private static SumType algebraicTypeMetaType() {
        List<SumType.Variant> variants = new ArrayList<>();
        variants.add(SumType.Variant.named("Ref", PrimitiveType.U32));
        variants.add(SumType.Variant.named("Sum", SUM_TYPE));
        variants.add(SumType.Variant.named("Product", PRODUCT_TYPE));
        variants.add(SumType.Variant.named("Array", ALGEBRAIC_TYPE));
        for (PrimitiveType p : PrimitiveType.values()) {
            variants.add(SumType.Variant.named(p.jsonName(), ProductType.UNIT));
        }
        return new SumType(variants);
    }

    /** The BSATN bytes of a type. */
    public static byte[] encode(AlgebraicType type) {
        BsatnWriter w = new BsatnWriter();
        write(w, type);
        return w.toByteArray();
    }

    /** Decodes a whole buffer as one type. */
    public static AlgebraicType decode(byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        AlgebraicType t = read(r);
        r.expectEnd();
        return t;
    }

    /** Writes a type: its §7.3 tag, then the payload. */
    public static void write(BsatnWriter w, AlgebraicType type) {
        w.writeU8(type.kindTag());
        if (type instanceof TypeRef r) {
            w.writeU32(r.index());
        } else if (type instanceof SumType s) {
            w.writeU32(s.size());
            for (SumType.Variant v : s.variants()) {
                writeElement(w, v.name(), v.type());
            }
        } else if (type instanceof ProductType p) {
            writeProductType(w, p);
        } else if (type instanceof ArrayType a) {
            write(w, a.elementType());
        }
    }

    /** Writes a bare product type (no leading tag), the form of reducer {@code params}. */
    public static void writeProductType(BsatnWriter w, ProductType p) {
        w.writeU32(p.size());
        for (ProductType.Element e : p.elements()) {
            writeElement(w, e.name(), e.type());
        }
    }

    private static void writeElement(BsatnWriter w, Optional<String> name, AlgebraicType type) {
        if (name.isPresent()) {
            w.writeU8(0).writeString(name.get());
        } else {
            w.writeU8(1);
        }
        write(w, type);
    }

    /** Reads one type. */
    public static AlgebraicType read(BsatnReader r) {
        int at = r.position();
        int tag = r.readU8();
        switch (tag) {
            case TAG_REF:
                return readRef(r, at);
            case TAG_SUM: {
                int n = r.readLength(2);
                List<SumType.Variant> variants = new ArrayList<>(Math.min(n, 256));
                for (int i = 0; i < n; i++) {
                    Optional<String> name = readName(r);
                    variants.add(new SumType.Variant(name, read(r)));
                }
                if (variants.size() > 256) {
                    throw new BsatnDecodeException("sum type with " + n + " variants (at most 256)", at);
                }
                return new SumType(variants);
            }
            case TAG_PRODUCT:
                return readProductType(r);
            case TAG_ARRAY:
                return new ArrayType(read(r));
            default:
                PrimitiveType p = PrimitiveType.ofKindTag(tag);
                if (p == null) {
                    throw new BsatnDecodeException("unknown AlgebraicType tag " + tag, at);
                }
                return p;
        }
    }

    private static TypeRef readRef(BsatnReader r, int at) {
        long index = r.readU32() & 0xFFFFFFFFL;
        if (index > Integer.MAX_VALUE) {
            throw new BsatnDecodeException("type reference " + index + " out of range", at);
        }
        return new TypeRef((int) index);
    }

    /** Reads a bare product type (no leading tag). */
    public static ProductType readProductType(BsatnReader r) {
        int n = r.readLength(2);
        List<ProductType.Element> elements = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            Optional<String> name = readName(r);
            elements.add(new ProductType.Element(name, read(r)));
        }
        return new ProductType(elements);
    }

    private static Optional<String> readName(BsatnReader r) {
        int at = r.position();
        int tag = r.readU8();
        if (tag == 0) {
            return Optional.of(r.readString());
        }
        if (tag != 1) {
            throw new BsatnDecodeException("Option tag " + tag + " for an element name", at);
        }
        return Optional.empty();
    }

    /** The meta-value of a type: a value of the {@link #ALGEBRAIC_TYPE} meta-type. */
    public static AlgebraicValue toValue(AlgebraicType type) {
        if (type instanceof TypeRef r) {
            return new AlgebraicValue.Sum(TAG_REF, AlgebraicValue.integer(r.index()));
        }
        if (type instanceof SumType s) {
            List<AlgebraicValue> variants = new ArrayList<>();
            for (SumType.Variant v : s.variants()) {
                variants.add(elementValue(v.name(), v.type()));
            }
            return new AlgebraicValue.Sum(TAG_SUM, AlgebraicValue.product(new AlgebraicValue.Array(variants)));
        }
        if (type instanceof ProductType p) {
            return new AlgebraicValue.Sum(TAG_PRODUCT, productTypeValue(p));
        }
        if (type instanceof ArrayType a) {
            return new AlgebraicValue.Sum(TAG_ARRAY, toValue(a.elementType()));
        }
        return AlgebraicValue.Sum.unit(type.kindTag());
    }

    /** The meta-value of a bare product type: a value of the {@link #PRODUCT_TYPE} meta-type. */
    public static AlgebraicValue productTypeValue(ProductType p) {
        List<AlgebraicValue> elements = new ArrayList<>();
        for (ProductType.Element e : p.elements()) {
            elements.add(elementValue(e.name(), e.type()));
        }
        return AlgebraicValue.product(new AlgebraicValue.Array(elements));
    }

    private static AlgebraicValue elementValue(Optional<String> name, AlgebraicType type) {
        AlgebraicValue n = name.<AlgebraicValue>map(s -> AlgebraicValue.Sum.some(AlgebraicValue.string(s)))
                .orElse(AlgebraicValue.Sum.none());
        return AlgebraicValue.product(n, toValue(type));
    }

    /** The type a meta-value describes; the inverse of {@link #toValue}. */
    public static AlgebraicType fromValue(AlgebraicValue value) {
        AlgebraicValue.Sum sum = cast(AlgebraicValue.Sum.class, value);
        switch (sum.tag()) {
            case TAG_REF:
                return new TypeRef((int) cast(AlgebraicValue.Int.class, sum.value()).value());
            case TAG_SUM: {
                List<SumType.Variant> variants = new ArrayList<>();
                for (AlgebraicValue v : elementValues(sum.value())) {
                    AlgebraicValue.Product p = cast(AlgebraicValue.Product.class, v);
                    variants.add(new SumType.Variant(nameOf(p.field(0)), fromValue(p.field(1))));
                }
                return new SumType(variants);
            }
            case TAG_PRODUCT:
                return productTypeFromValue(sum.value());
            case TAG_ARRAY:
                return new ArrayType(fromValue(sum.value()));
            default:
                PrimitiveType p = PrimitiveType.ofKindTag(sum.tag());
                if (p == null) {
                    throw new IllegalArgumentException("not an AlgebraicType meta-value: tag " + sum.tag());
                }
                return p;
        }
    }

    /** The product type a {@link #PRODUCT_TYPE} meta-value describes. */
    public static ProductType productTypeFromValue(AlgebraicValue value) {
        List<ProductType.Element> elements = new ArrayList<>();
        for (AlgebraicValue v : elementValues(value)) {
            AlgebraicValue.Product p = cast(AlgebraicValue.Product.class, v);
            elements.add(new ProductType.Element(nameOf(p.field(0)), fromValue(p.field(1))));
        }
        return new ProductType(elements);
    }

    private static List<AlgebraicValue> elementValues(AlgebraicValue wrapper) {
        AlgebraicValue.Product p = cast(AlgebraicValue.Product.class, wrapper);
        return cast(AlgebraicValue.Array.class, p.field(0)).elements();
    }

    private static Optional<String> nameOf(AlgebraicValue option) {
        AlgebraicValue.Sum s = cast(AlgebraicValue.Sum.class, option);
        return s.tag() == 0 ? Optional.of(cast(AlgebraicValue.Str.class, s.value()).value()) : Optional.empty();
    }

    private static <T extends AlgebraicValue> T cast(Class<T> cls, AlgebraicValue v) {
        if (!cls.isInstance(v)) {
            throw new IllegalArgumentException("not an AlgebraicType meta-value: expected "
                    + cls.getSimpleName() + ", got " + v);
        }
        return cls.cast(v);
    }
}

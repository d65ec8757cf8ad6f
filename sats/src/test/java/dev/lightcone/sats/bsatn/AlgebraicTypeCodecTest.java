package dev.lightcone.sats.bsatn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AlgebraicTypeCodecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static void assertEncodes(AlgebraicType type, String expectedHex) {
        byte[] expected = hex(expectedHex);
        assertArrayEquals(expected, AlgebraicTypeCodec.encode(type), "encoding of " + type);
        assertEquals(type, AlgebraicTypeCodec.decode(expected));
        // The meta-type describes the same bytes as the hand-written codec.
        assertArrayEquals(expected, metaEncode(type), "meta-type encoding of " + type);
        BsatnReader r = new BsatnReader(expected);
        assertEquals(type, AlgebraicTypeCodec.fromValue(
                Bsatn.read(r, AlgebraicTypeCodec.ALGEBRAIC_TYPE, AlgebraicTypeCodec.META_TYPESPACE)));
    }

    @Test
    void u32() {
        assertEncodes(PrimitiveType.U32, "0B");
    }

    @Test
    void arrayOfRef3() {
        assertEncodes(new ArrayType(new TypeRef(3)), "03 00 03 00 00 00");
    }

    @Test
    void optionOfString() {
        assertEncodes(SumType.option(PrimitiveType.STRING),
                "01 02 00 00 00 00 04 00 00 00 73 6F 6D 65 04 00 04 00 00 00 6E 6F 6E 65 02 00 00 00 00");
    }

    @Test
    void identity() {
        assertEncodes(SpecialTypes.IDENTITY,
                "02 01 00 00 00 00 0C 00 00 00 5F 5F 69 64 65 6E 74 69 74 79 5F 5F 11");
    }

    @Test
    void unnamedElementsAndFloats() {
        ProductType p = new ProductType(List.of(new ProductType.Element(Optional.empty(), PrimitiveType.F64)));
        assertEncodes(p, "02 01 00 00 00 01 13");
    }

    @Test
    void bareProductTypeHasNoTag() {
        BsatnWriter w = new BsatnWriter();
        AlgebraicTypeCodec.writeProductType(w, ProductType.of("name", PrimitiveType.STRING));
        assertArrayEquals(hex("01 00 00 00 00 04 00 00 00 6E 61 6D 65 04"), w.toByteArray());
    }

    @Test
    void rejectsUnknownTag() {
        BsatnDecodeException e = assertThrows(BsatnDecodeException.class, () -> AlgebraicTypeCodec.decode(hex("14")));
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsTruncatedType() {
        assertThrows(BsatnDecodeException.class, () -> AlgebraicTypeCodec.decode(hex("03 00 03 00")));
    }

    @Property(tries = 300)
    void roundTripsEveryType(@ForAll("types") AlgebraicType type) {
        byte[] bytes = AlgebraicTypeCodec.encode(type);
        assertEquals(type, AlgebraicTypeCodec.decode(bytes));
        assertEquals(type, AlgebraicTypeCodec.fromValue(AlgebraicTypeCodec.toValue(type)));
        assertArrayEquals(bytes, metaEncode(type));
    }

    private static byte[] metaEncode(AlgebraicType type) {
        BsatnWriter w = new BsatnWriter();
        Bsatn.write(w, AlgebraicTypeCodec.ALGEBRAIC_TYPE, AlgebraicTypeCodec.toValue(type),
                AlgebraicTypeCodec.META_TYPESPACE);
        return w.toByteArray();
    }

    @Provide
    Arbitrary<AlgebraicType> types() {
        return type(3);
    }

    private Arbitrary<AlgebraicType> type(int depth) {
        Arbitrary<AlgebraicType> leaf = Arbitraries.oneOf(
                Arbitraries.of(PrimitiveType.class).map(p -> (AlgebraicType) p),
                Arbitraries.integers().between(0, 1000).map(i -> (AlgebraicType) new TypeRef(i)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Optional<String>> names = Arbitraries.strings().alpha().ofMaxLength(6).optional();
        Arbitrary<AlgebraicType> inner = Arbitraries.lazy(() -> type(depth - 1));
        Arbitrary<AlgebraicType> product = net.jqwik.api.Combinators.combine(names, inner)
                .as(ProductType.Element::new).list().ofMaxSize(3).map(ProductType::new);
        Arbitrary<AlgebraicType> sum = net.jqwik.api.Combinators.combine(names, inner)
                .as(SumType.Variant::new).list().ofMaxSize(3).map(SumType::new);
        Arbitrary<AlgebraicType> array = inner.map(ArrayType::new);
        return Arbitraries.oneOf(leaf, product, sum, array);
    }
}

package dev.lightcone.sats.bsatn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.RandomSats;
import dev.lightcone.sats.ScheduleAt;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TimeDuration;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.Typespace;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BsatnTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static void assertEncodes(AlgebraicType type, AlgebraicValue value, String expectedHex) {
        byte[] bytes = Bsatn.encode(type, value);
        assertEquals(expectedHex.replace(" ", "").toLowerCase(), HexFormat.of().formatHex(bytes));
        assertEquals(value, Bsatn.decode(type, bytes));
    }

    @Test
    void specExamplesOfSection7_4() {
        assertEncodes(PrimitiveType.BOOL, AlgebraicValue.bool(true), "01");
        assertEncodes(PrimitiveType.U32, AlgebraicValue.integer(0x12345678), "78 56 34 12");
        assertEncodes(PrimitiveType.I16, AlgebraicValue.integer(-2), "FE FF");
        assertEncodes(PrimitiveType.I64, AlgebraicValue.integer(-1), "FF FF FF FF FF FF FF FF");
        assertEncodes(PrimitiveType.U128, new AlgebraicValue.Big(BigInteger.ONE), "01" + "00".repeat(15));
        assertEncodes(PrimitiveType.I256, new AlgebraicValue.Big(BigInteger.ONE.negate()), "FF".repeat(32));
        assertEncodes(PrimitiveType.F32, new AlgebraicValue.F32(1.0f), "00 00 80 3F");
        assertEncodes(PrimitiveType.F64, new AlgebraicValue.F64(-2.5), "00 00 00 00 00 00 04 C0");
        assertEncodes(PrimitiveType.STRING, AlgebraicValue.string("hi"), "02 00 00 00 68 69");
        assertEncodes(PrimitiveType.STRING, AlgebraicValue.string(""), "00 00 00 00");
        assertEncodes(PrimitiveType.STRING, AlgebraicValue.string("é"), "02 00 00 00 C3 A9");
        assertEncodes(new ArrayType(PrimitiveType.U16),
                new AlgebraicValue.Array(List.of(AlgebraicValue.integer(1), AlgebraicValue.integer(2))),
                "02 00 00 00 01 00 02 00");
        assertEncodes(new ArrayType(PrimitiveType.U8), AlgebraicValue.bytes(hex("AABBCC")), "03 00 00 00 AA BB CC");
        assertEncodes(SumType.option(PrimitiveType.U8), AlgebraicValue.Sum.some(AlgebraicValue.integer(5)), "00 05");
        assertEncodes(SumType.option(PrimitiveType.U8), AlgebraicValue.Sum.none(), "01");
        assertEncodes(SumType.option(PrimitiveType.STRING), AlgebraicValue.Sum.some(AlgebraicValue.string("")),
                "00 00 00 00 00");
        assertEncodes(ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING),
                AlgebraicValue.product(AlgebraicValue.integer(1), AlgebraicValue.string("Al")),
                "01 00 00 00 00 00 00 00 02 00 00 00 41 6C");
        assertEncodes(SpecialTypes.TIMESTAMP, AlgebraicValue.product(AlgebraicValue.integer(1_704_067_200_000_000L)),
                "00 20 21 10 D7 0D 06 00");
        assertEncodes(SpecialTypes.TIME_DURATION, AlgebraicValue.product(AlgebraicValue.integer(1_000_000)),
                "40 42 0F 00 00 00 00 00");
        assertEncodes(SpecialTypes.SCHEDULE_AT, new ScheduleAt.Interval(new TimeDuration(1_000_000)).toValue(),
                "00 40 42 0F 00 00 00 00 00");
        assertEncodes(SpecialTypes.SCHEDULE_AT, new ScheduleAt.Time(new Timestamp(1_704_067_200_000_000L)).toValue(),
                "01 00 20 21 10 D7 0D 06 00");
        assertEncodes(SpecialTypes.IDENTITY, Identity.fromHex("c2" + "00".repeat(30) + "ab").toValue(),
                "AB" + "00".repeat(30) + "C2");
        assertEncodes(SpecialTypes.CONNECTION_ID,
                AlgebraicValue.product(new AlgebraicValue.Big(new BigInteger("0102030405060708090A0B0C0D0E0F10", 16))),
                "10 0F 0E 0D 0C 0B 0A 09 08 07 06 05 04 03 02 01");
        assertEncodes(ProductType.of("name", PrimitiveType.STRING, "age", PrimitiveType.U8),
                AlgebraicValue.product(AlgebraicValue.string("Bob"), AlgebraicValue.integer(30)),
                "03 00 00 00 42 6F 62 1E");
    }

    @Test
    void identityAbiWordsAreLittleEndianWords() {
        Identity id = Identity.fromHex("c2" + "00".repeat(30) + "ab");
        assertEquals(0xABL, id.word(0));
        assertEquals(0L, id.word(1));
        assertEquals(0xC200000000000000L, id.word(3));
    }

    @Test
    void rejectsMalformedInput() {
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(PrimitiveType.BOOL, hex("02")));
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(PrimitiveType.U32, hex("010203")));
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(PrimitiveType.STRING, hex("05000000 6869")));
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(PrimitiveType.STRING, hex("02000000 C328")));
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(SumType.option(PrimitiveType.U8), hex("02")));
        assertThrows(BsatnDecodeException.class, () -> Bsatn.decode(PrimitiveType.U8, hex("0102")));
        // A huge count must fail fast instead of allocating.
        assertThrows(BsatnDecodeException.class,
                () -> Bsatn.decode(new ArrayType(PrimitiveType.U64), hex("FFFFFFFF 00")));
        assertThrows(BsatnDecodeException.class,
                () -> Bsatn.validate(hex("FFFFFFFF"), new ArrayType(PrimitiveType.STRING), Typespace.EMPTY));
    }

    @Property(tries = 500)
    void roundTripsGeneratedValues(@ForAll long seed) {
        RandomSats gen = new RandomSats(seed);
        AlgebraicType type = gen.type(3);
        AlgebraicValue value = gen.value(type);
        byte[] bytes = Bsatn.encode(type, value);
        assertEquals(value, Bsatn.decode(type, bytes), "seed " + seed + " type " + type);
        Bsatn.validate(bytes, type, Typespace.EMPTY);
        assertArrayEquals(bytes, Bsatn.encode(type, Bsatn.decode(type, bytes)));
    }

    @Property(tries = 300)
    void truncatedValuesNeverDecode(@ForAll long seed) {
        RandomSats gen = new RandomSats(seed);
        AlgebraicType type = gen.type(3);
        byte[] bytes = Bsatn.encode(type, gen.value(type));
        if (bytes.length == 0) {
            return;
        }
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(BsatnDecodeException.class, () -> Bsatn.validate(cut, type, Typespace.EMPTY), "seed " + seed);
    }
}

package dev.lightcone.sats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.RandomSats;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.Typespace;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SatsJsonTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    /** Compares JSON texts: Jackson's node classes differ by number width (int vs long) for equal JSON. */
    private static void assertJson(String expected, JsonNode actual) throws Exception {
        assertEquals(json(expected).toString(), actual.toString());
    }

    @Test
    void namedShapes() throws Exception {
        ProductType person = ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING,
                "nick", SumType.option(PrimitiveType.STRING), "data", new ArrayType(PrimitiveType.U8));
        AlgebraicValue v = AlgebraicValue.product(AlgebraicValue.integer(-1), AlgebraicValue.string("Al"),
                AlgebraicValue.Sum.none(), AlgebraicValue.bytes(new byte[] {(byte) 0xAB, 1}));
        JsonNode out = SatsJson.encode(person, v, Typespace.EMPTY, SatsJson.Style.NAMED);
        assertEquals(json("{\"id\":18446744073709551615,\"name\":\"Al\",\"nick\":{\"none\":[]},\"data\":\"ab01\"}"), out);
        assertEquals(v, SatsJson.decode(person, out, Typespace.EMPTY));
        assertEquals(json("[18446744073709551615,\"Al\",[1,[]],\"ab01\"]"),
                SatsJson.encode(person, v, Typespace.EMPTY, SatsJson.Style.POSITIONAL));
    }

    @Test
    void argumentsAsPositionalArrayOrObject() throws Exception {
        ProductType args = ProductType.of("name", PrimitiveType.STRING, "age", PrimitiveType.U8);
        AlgebraicValue expected = AlgebraicValue.product(AlgebraicValue.string("Bob"), AlgebraicValue.integer(30));
        assertEquals(expected, SatsJson.decode(args, json("[\"Bob\", 30]"), Typespace.EMPTY));
        assertEquals(expected, SatsJson.decode(args, json("{\"age\": 30, \"name\": \"Bob\"}"), Typespace.EMPTY));
    }

    @Test
    void specialTypesAcceptTheirTextForms() throws Exception {
        String hex = "c200" + "11".repeat(30);
        assertEquals(Identity.fromHex(hex).toValue(),
                SatsJson.decode(SpecialTypes.IDENTITY, json("\"0x" + hex + "\""), Typespace.EMPTY));
        assertEquals(AlgebraicValue.product(AlgebraicValue.integer(1_704_067_200_000_000L)),
                SatsJson.decode(SpecialTypes.TIMESTAMP, json("\"2024-01-01T00:00:00Z\""), Typespace.EMPTY));
    }

    @Test
    void wideIntegersAre0xHexStringsAnd128BitStayNumbers() throws Exception {
        BigInteger big = BigInteger.ONE.shiftLeft(200).add(BigInteger.valueOf(255));
        assertJson(("\"0x" + big.toString(16) + "\""), SatsJson.encode(PrimitiveType.U256,
                new AlgebraicValue.Big(big), Typespace.EMPTY, SatsJson.Style.NAMED));
        assertJson(("\"0xff\""), SatsJson.encode(PrimitiveType.U256, AlgebraicValue.integer(255),
                Typespace.EMPTY, SatsJson.Style.NAMED));
        assertJson(("\"-0x1\""), SatsJson.encode(PrimitiveType.I256, new AlgebraicValue.Big(BigInteger.ONE.negate()),
                Typespace.EMPTY, SatsJson.Style.POSITIONAL));
        assertJson(("\"0x0\""), SatsJson.encode(PrimitiveType.U256, new AlgebraicValue.Big(BigInteger.ZERO),
                Typespace.EMPTY, SatsJson.Style.NAMED));
        assertEquals(new AlgebraicValue.Big(BigInteger.ONE.negate()),
                SatsJson.decode(PrimitiveType.I256, json("\"-0x1\""), Typespace.EMPTY));
        assertEquals(new AlgebraicValue.Big(BigInteger.valueOf(255)),
                SatsJson.decode(PrimitiveType.U256, json("\"0xFF\""), Typespace.EMPTY));
        SatsJsonException e = assertThrows(SatsJsonException.class,
                () -> SatsJson.decode(PrimitiveType.U256, json("\"255\""), Typespace.EMPTY));
        assertTrue(e.getMessage().startsWith("expected a 0x-prefixed hex string for U256"), e.getMessage());
        assertThrows(SatsJsonException.class, () -> SatsJson.decode(PrimitiveType.U256, json("\"-0x1\""), Typespace.EMPTY));
        BigInteger u128 = BigInteger.ONE.shiftLeft(127);
        assertJson((u128.toString()), SatsJson.encode(PrimitiveType.U128, new AlgebraicValue.Big(u128),
                Typespace.EMPTY, SatsJson.Style.NAMED));
    }

    @Test
    void specialTypesRenderByStructure() throws Exception {
        String hex = "c200" + "11".repeat(30);
        AlgebraicValue id = Identity.fromHex(hex).toValue();
        assertJson(("{\"__identity__\":\"0x" + hex + "\"}"),
                SatsJson.encode(SpecialTypes.IDENTITY, id, Typespace.EMPTY, SatsJson.Style.NAMED));
        assertJson(("[\"0x" + hex + "\"]"),
                SatsJson.encode(SpecialTypes.IDENTITY, id, Typespace.EMPTY, SatsJson.Style.POSITIONAL));
        // Leading zeros are dropped on output and not required on input.
        AlgebraicValue small = AlgebraicValue.product(new AlgebraicValue.Big(BigInteger.valueOf(0xabc)));
        assertJson(("[\"0xabc\"]"), SatsJson.encode(SpecialTypes.IDENTITY, small, Typespace.EMPTY,
                SatsJson.Style.POSITIONAL));
        assertEquals(small, SatsJson.decode(SpecialTypes.IDENTITY, json("\"0xabc\""), Typespace.EMPTY));
        assertEquals(small, SatsJson.decode(SpecialTypes.IDENTITY, json("{\"__identity__\":\"0xabc\"}"), Typespace.EMPTY));
        assertJson(("{\"__timestamp_micros_since_unix_epoch__\":5}"), SatsJson.encode(SpecialTypes.TIMESTAMP,
                AlgebraicValue.product(AlgebraicValue.integer(5)), Typespace.EMPTY, SatsJson.Style.NAMED));
        assertJson(("{\"__time_duration_micros__\":-5}"), SatsJson.encode(SpecialTypes.TIME_DURATION,
                AlgebraicValue.product(AlgebraicValue.integer(-5)), Typespace.EMPTY, SatsJson.Style.NAMED));
        BigInteger u128 = BigInteger.ONE.shiftLeft(100);
        assertJson(("{\"__connection_id__\":" + u128 + "}"), SatsJson.encode(SpecialTypes.CONNECTION_ID,
                AlgebraicValue.product(new AlgebraicValue.Big(u128)), Typespace.EMPTY, SatsJson.Style.NAMED));
        assertJson(("[" + u128 + "]"), SatsJson.encode(SpecialTypes.UUID,
                AlgebraicValue.product(new AlgebraicValue.Big(u128)), Typespace.EMPTY, SatsJson.Style.POSITIONAL));
    }

    @Test
    void errorsNameThePath() {
        ProductType args = ProductType.of("name", PrimitiveType.STRING, "age", PrimitiveType.U8);
        SatsJsonException e = assertThrows(SatsJsonException.class,
                () -> SatsJson.decode(args, json("[\"Bob\", 300]"), Typespace.EMPTY));
        assertEquals("300 is out of range for U8 at $[1]", e.getMessage());
        assertThrows(SatsJsonException.class, () -> SatsJson.decode(args, json("[\"Bob\"]"), Typespace.EMPTY));
        assertThrows(SatsJsonException.class, () -> SatsJson.decode(args, json("{\"name\":\"x\"}"), Typespace.EMPTY));
        assertThrows(SatsJsonException.class,
                () -> SatsJson.decode(args, json("{\"name\":\"x\",\"age\":1,\"zzz\":2}"), Typespace.EMPTY));
    }

    @Property(tries = 400)
    void roundTripsGeneratedValuesInBothStyles(@ForAll long seed) {
        RandomSats gen = new RandomSats(seed);
        AlgebraicType type = gen.type(3);
        AlgebraicValue value = gen.value(type);
        for (SatsJson.Style style : SatsJson.Style.values()) {
            JsonNode node = SatsJson.encode(type, value, Typespace.EMPTY, style);
            assertEquals(value, SatsJson.decode(type, node, Typespace.EMPTY), "seed " + seed + " " + style);
        }
    }
}

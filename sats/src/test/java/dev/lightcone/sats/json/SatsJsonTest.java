package dev.lightcone.sats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SatsJsonTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
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

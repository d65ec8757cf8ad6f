package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.Typespace;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How values and arguments look on the command line. */
class ValuesTest {

    private static String text(AlgebraicType t, AlgebraicValue v) {
        return Values.text(t, v, Typespace.EMPTY);
    }

    private static String json(AlgebraicType t, AlgebraicValue v) {
        return Values.json(t, v, Typespace.EMPTY).toString();
    }

    @Test
    void specialTypes() {
        Identity id = Identity.fromHex("c200" + "ab".repeat(30));
        AlgebraicValue idValue = AlgebraicValue.Product.of(new AlgebraicValue.Big(new BigInteger(id.toHex(), 16)));
        assertEquals("0x" + id.toHex(), text(SpecialTypes.IDENTITY, idValue));
        assertEquals("\"0x" + id.toHex() + "\"", json(SpecialTypes.IDENTITY, idValue));
        assertEquals("0x000000000000000000000000000000ff",
                text(SpecialTypes.CONNECTION_ID, AlgebraicValue.Product.of(new AlgebraicValue.Int(255))));
        assertEquals("1970-01-01T00:00:01.500Z",
                text(SpecialTypes.TIMESTAMP, AlgebraicValue.Product.of(new AlgebraicValue.Int(1_500_000))));
        assertEquals("-1.500000",
                text(SpecialTypes.TIME_DURATION, AlgebraicValue.Product.of(new AlgebraicValue.Int(-1_500_000))));
        assertEquals("00000000-0000-0001-0000-000000000002", text(SpecialTypes.UUID, AlgebraicValue.Product.of(
                new AlgebraicValue.Big(BigInteger.ONE.shiftLeft(64).add(BigInteger.TWO)))));
    }

    @Test
    void optionsSumsProductsArrays() {
        SumType opt = SumType.option(PrimitiveType.STRING);
        assertEquals("(some = \"a\\\"b\")", text(opt, AlgebraicValue.Sum.some(new AlgebraicValue.Str("a\"b"))));
        assertEquals("(none)", text(opt, AlgebraicValue.Sum.none()));
        assertEquals("null", json(opt, AlgebraicValue.Sum.none()));
        SumType shape = SumType.of("Circle", PrimitiveType.U32, "Empty", ProductType.UNIT);
        assertEquals("(Circle = 3)", text(shape, new AlgebraicValue.Sum(0, new AlgebraicValue.Int(3))));
        assertEquals("(Empty)", text(shape, AlgebraicValue.Sum.unit(1)));
        assertEquals("{\"Circle\":3}", json(shape, new AlgebraicValue.Sum(0, new AlgebraicValue.Int(3))));
        ProductType point = ProductType.of("x", PrimitiveType.I32, "ok", PrimitiveType.BOOL);
        AlgebraicValue p = AlgebraicValue.Product.of(new AlgebraicValue.Int(-1), AlgebraicValue.Bool.TRUE);
        assertEquals("(x = -1, ok = true)", text(point, p));
        assertEquals("{\"x\":-1,\"ok\":true}", json(point, p));
        assertEquals("[1, 2]", text(AlgebraicType.array(PrimitiveType.U16),
                new AlgebraicValue.Array(List.of(new AlgebraicValue.Int(1), new AlgebraicValue.Int(2)))));
        assertEquals("0x01ff", text(AlgebraicType.array(PrimitiveType.U8), new AlgebraicValue.Bytes(new byte[] {1, -1})));
        assertEquals("18446744073709551615", text(PrimitiveType.U64, new AlgebraicValue.Int(-1)));
    }

    @Test
    void callArguments() {
        assertEquals("[\"hello world\",42,true,null,[1,2],{\"a\":1},\"x\"]", CallCommand.arguments(
                List.of("hello world", "42", "true", "null", "[1,2]", "{\"a\":1}", "\"x\"")).toString());
        assertEquals("[\"42 apples\",\"\"]", CallCommand.arguments(List.of("42 apples", "")).toString());
        CliException e = assertThrows(CliException.class, () -> CallCommand.arguments(List.of("ok", "[1,")));
        assertEquals(CliException.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().startsWith("argument 2 is not valid JSON"));
    }

    @Test
    void table() {
        assertEquals(" a   | long header\n-----+-------------\n 1   | x\n 333 |\n",
                TextTable.render(List.of("a", "long header"), List.of(List.of("1", "x"), List.of("333", ""))));
    }
}

package dev.lightcone.testing.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.v10.ExplicitNames;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import dev.lightcone.testing.TestDatabase;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The definition the Rust bindings emit, byte for byte: {@code feature-minimal} is the worked
 * example of module-abi §8.7, and the bindings add only an empty {@code ExplicitNames} section.
 */
class FeatureMinimalModuleTest {
    /** module-abi §8.7, as printed there. */
    private static final String SPEC_EXAMPLE = """
            02 04000000
            00 01000000 02 02000000 00 02000000 6964 0D 00 04000000 6E616D65 04
            01 01000000 00000000 06000000 506572736F6E 00000000 01
            02 01000000 06000000 706572736F6E 00000000 01000000 0000
              01000000 00 13000000 706572736F6E5F69645F6964785F6274726565 00 02000000 6964 00 01000000 0000
              01000000 01 00 01000000 0000
              01000000 01 0000 01 01 01 01000000000000000000000000000000
              01 00 00000000 00
            03 01000000 03000000 616464 01000000 00 04000000 6E616D65 04 01 02 00000000 04
            """;

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }

    /** §8.7 with a fifth section: ExplicitNames (tag 10) with no entries. */
    private static byte[] withEmptyExplicitNames(byte[] spec) {
        byte[] out = new byte[spec.length + 5];
        System.arraycopy(spec, 0, out, 0, spec.length);
        out[1] = 5;
        out[spec.length] = 10;
        return out;
    }

    @Test
    void bindingsEmitTheSpecExamplePlusAnEmptyExplicitNamesSection() {
        byte[] spec = hex(SPEC_EXAMPLE);
        assertEquals(202, spec.length, "the §8.7 example as transcribed");
        try (TestDatabase db = TestDatabase.load(ExampleModules.path("feature-minimal"))) {
            byte[] emitted = db.host().schema().raw().bytes();
            assertEquals(HexFormat.of().formatHex(withEmptyExplicitNames(spec)), HexFormat.of().formatHex(emitted));
        }
    }

    @Test
    void javaBuilderProducesTheSameBytes() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef person = b.addType("Person", ProductType.of("id", PrimitiveType.U64, "name", PrimitiveType.STRING));
        b.addTable("person", person, t -> t.withPrimaryKey(0).addAutoInc(0));
        b.addReducer("add", ProductType.of("name", PrimitiveType.STRING));
        assertArrayEquals(hex(SPEC_EXAMPLE), b.toBytes());
        b.addSection(new RawSectionV10.ExplicitNamesSection(new ExplicitNames(List.of())));
        try (TestDatabase db = TestDatabase.load(ExampleModules.path("feature-minimal"))) {
            assertArrayEquals(b.toBytes(), db.host().schema().raw().bytes());
        }
    }

    @Test
    void addInsertsTheRowOfTheBsatnExample() {
        try (TestDatabase db = TestDatabase.load(ExampleModules.path("feature-minimal"))) {
            db.call("add", "Al").assertCommitted();
            // module-abi §7.4: {id: u64 = 1, name: String = "Al"}.
            assertArrayEquals(hex("0100000000000000 02000000 416C"), db.table("person").bsatn().get(0));
        }
    }
}

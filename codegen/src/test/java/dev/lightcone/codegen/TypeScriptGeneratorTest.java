package dev.lightcone.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generator's rules that golden files show only by example: names, visibility, determinism, refusals. */
class TypeScriptGeneratorTest {

    private static Map<String, String> generate(ModuleSchema schema, boolean includePrivate) {
        return GoldenFilesTest.asMap(TypeScriptGenerator.generate(schema, new TypeScriptGenerator.Options(includePrivate)));
    }

    @Test
    void digitBoundariesGiveSnakeFileNamesCamelAccessorsAndCanonicalWireNames() {
        Map<String, String> files = generate(SyntheticModules.everyType(), false);
        assertTrue(files.containsKey("every_types_v_2_table.ts"), files.keySet()::toString);
        assertTrue(files.containsKey("add_every_v_2_reducer.ts"), files.keySet()::toString);
        assertTrue(files.containsKey("find_point_v_2_procedure.ts"), files.keySet()::toString);
        String index = files.get("index.ts");
        assertTrue(index.contains("  everyTypesV2: __table({\n    name: 'every_types_v_2',"), index);
        assertTrue(index.contains("__reducerSchema(\"add_every_v_2\", AddEveryV2Reducer),"), index);
        assertTrue(index.contains("__procedureSchema(\"find_point_v_2\", FindPointV2Procedure.params, "
                + "FindPointV2Procedure.returnType),"), index);
        assertTrue(index.contains("\"every_types_v2\": \"everyTypesV2\","), "the source spelling is an alias: " + index);
        String row = files.get("every_types_v_2_table.ts");
        assertTrue(row.contains("  i8: __t.i8().name(\"i_8\"),\n"), row);
        assertTrue(row.contains("  i16: __t.i16().name(\"i_16\"),\n"), row);
        assertTrue(row.contains("  connectionId: __t.connectionId().name(\"connection_id\"),\n"), row);
        assertTrue(row.contains("  id: __t.u64().primaryKey(),\n"), row);
        assertTrue(row.contains("  get shapes() {\n    return __t.array(Shape);\n  },\n"),
                "a field naming another type is read lazily: " + row);
    }

    @Test
    void privateTablesReducersAndProceduresOnlyOnRequestAndLifecycleNever() {
        Map<String, String> pub = generate(SyntheticModules.everyType(), false);
        Map<String, String> all = generate(SyntheticModules.everyType(), true);
        assertFalse(pub.containsKey("secret_notes_table.ts"));
        assertFalse(pub.containsKey("internal_cleanup_reducer.ts"));
        assertFalse(pub.containsKey("private_job_procedure.ts"));
        assertTrue(all.containsKey("secret_notes_table.ts"));
        assertTrue(all.containsKey("internal_cleanup_reducer.ts"));
        assertTrue(all.containsKey("private_job_procedure.ts"));
        assertFalse(all.containsKey("init_reducer.ts"), "lifecycle reducers are never callable by clients");
        assertTrue(pub.get("types.ts").contains("export const SecretNote = "), "types are always generated");
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(generate(SyntheticModules.everyType(), true), generate(SyntheticModules.everyType(), true));
    }

    @Test
    void everyTypeMapsToItsSdkBuilder() {
        String types = generate(SyntheticModules.everyType(), false).get("types.ts");
        for (String expected : List.of("flag: __t.bool(),", "u256: __t.u256(),", "f64: __t.f64(),",
                "bytes: __t.byteArray(),", "numbers: __t.array(__t.i32()),", "maybeText: __t.option(__t.string()),",
                "return __t.option(__t.array(__t.option(Point)));", "owner: __t.identity(),",
                "createdAt: __t.timestamp(),", "ttl: __t.timeDuration(),", "schedule: __t.scheduleAt(),",
                "uuid: __t.uuid(),", "outcome: __t.result(__t.u32(), __t.string()),", "nothing: __t.unit(),",
                "export const Color = __t.enum(\"Color\", {\n  Red: __t.unit(),",
                "  get Polygon() {\n    return __t.array(Point);\n  },", "export type EveryTypeV2 = __Infer<typeof EveryTypeV2>;")) {
            assertTrue(types.contains(expected), expected + " in\n" + types);
        }
    }

    @Test
    void anInlineSumTypeIsRefusedWithItsPlace() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef row = b.addType("Thing", ProductType.of("id", PrimitiveType.U32,
                "state", SumType.of("on", PrimitiveType.U8, "off", PrimitiveType.STRING)));
        b.addTable("things", row);
        ModuleSchema schema = ModuleDefValidator.validate(b.toRawModuleDef());
        CodegenException e = assertThrows(CodegenException.class,
                () -> TypeScriptGenerator.generate(schema, TypeScriptGenerator.Options.DEFAULT));
        assertTrue(e.getMessage().contains("table `things` column `state`"), e.getMessage());
    }
}

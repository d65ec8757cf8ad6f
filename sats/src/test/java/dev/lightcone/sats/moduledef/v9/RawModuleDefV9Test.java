package dev.lightcone.sats.moduledef.v9;

import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.ModuleDefDecodeException;
import dev.lightcone.sats.moduledef.ModuleDefDecoder;
import dev.lightcone.sats.moduledef.ModuleDefValidationException;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.RawIndexAlgorithm;
import dev.lightcone.sats.moduledef.RawModuleDef;
import dev.lightcone.sats.moduledef.RawModuleDefMetaType;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.TableType;
import dev.lightcone.sats.moduledef.v10.RawColumnDefaultValueV10;
import dev.lightcone.sats.moduledef.v10.RawConstraintDefV10;
import dev.lightcone.sats.moduledef.v10.RawIndexDefV10;
import dev.lightcone.sats.moduledef.v10.RawScopedTypeNameV10;
import dev.lightcone.sats.moduledef.v10.RawSequenceDefV10;
import dev.lightcone.sats.moduledef.v10.RawTypeDefV10;
import dev.lightcone.sats.moduledef.v10.RawViewDefV10;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RawModuleDefV9Test {

    private static final ProductType PERSON = ProductType.of("Id", U64, "Name", STRING);
    private static final ProductType TICK = ProductType.of("id", U64, "at", SpecialTypes.SCHEDULE_AT);

    /** A 1.x-style module: a person table with a named and an unnamed index, a schedule table, lifecycle. */
    static RawModuleDefV9 v9Module() {
        RawTableDefV9 person = new RawTableDefV9("Person", 0, List.of(0),
                List.of(new RawIndexDefV10(Optional.of("person_pk"), Optional.of("Id"),
                                new RawIndexAlgorithm.BTree(List.of(0))),
                        new RawIndexDefV10(Optional.empty(), Optional.of("Name"), new RawIndexAlgorithm.Hash(List.of(1)))),
                List.of(new RawConstraintDefV10(Optional.empty(), List.of(0))),
                List.of(RawSequenceDefV10.autoInc(0)),
                Optional.empty(), TableType.USER, TableAccess.PUBLIC);
        RawTableDefV9 tick = new RawTableDefV9("Tick", 1, List.of(0),
                List.of(new RawIndexDefV10(Optional.empty(), Optional.empty(), new RawIndexAlgorithm.BTree(List.of(0)))),
                List.of(new RawConstraintDefV10(Optional.empty(), List.of(0))),
                List.of(),
                Optional.of(new RawScheduleDefV9(Optional.empty(), "OnTick", 1)), TableType.USER, TableAccess.PRIVATE);
        return new RawModuleDefV9(
                new Typespace(List.of(PERSON, TICK)),
                List.of(person, tick),
                List.of(new RawReducerDefV9("AddPerson", ProductType.of("name", STRING), Optional.empty()),
                        new RawReducerDefV9("OnTick", ProductType.of("arg", new TypeRef(1)), Optional.empty()),
                        new RawReducerDefV9("Init", ProductType.UNIT, Optional.of(Lifecycle.INIT))),
                List.of(new RawTypeDefV10(new RawScopedTypeNameV10(List.of(), "Person"), 0, true)),
                List.of(new RawMiscModuleExportV9.ColumnDefaultValue("Person",
                                new RawColumnDefaultValueV10(1, new BsatnWriter().writeString("x").toByteArray())),
                        new RawMiscModuleExportV9.Procedure("Fetch", ProductType.UNIT, STRING),
                        new RawMiscModuleExportV9.View(new RawViewDefV10("Everyone", 0, true, true, ProductType.UNIT,
                                new ArrayType(new TypeRef(0))))),
                List.of(new RawRowLevelSecurityDef("SELECT * FROM Person")));
    }

    @Test
    void decodesAndRoundTrips() {
        RawModuleDefV9 def = v9Module();
        byte[] bytes = def.toBytes();
        assertEquals(1, bytes[0]);
        RawModuleDef raw = ModuleDefDecoder.decode(bytes);
        assertEquals(9, raw.version());
        RawModuleDefV9 decoded = RawModuleDefV9.from(raw);
        assertEquals(def, decoded);
        assertArrayEquals(bytes, decoded.toBytes());
        BsatnWriter w = new BsatnWriter();
        Bsatn.write(w, RawModuleDefMetaType.V9, raw.value(), RawModuleDefMetaType.TYPESPACE);
        assertArrayEquals(Arrays.copyOfRange(bytes, 1, bytes.length), w.toByteArray());
    }

    @Test
    void validatesWithVerbatimNamesAndGeneratedIndexNames() {
        ModuleSchema schema = ModuleDefValidator.validate(ModuleDefDecoder.decode(v9Module().toBytes()));
        TableSchema person = schema.table("Person").orElseThrow();
        assertEquals("Id", person.columns().get(0).name());
        assertEquals("person_pk", person.indexes().get(0).name());
        assertEquals("Person_Name_idx_hash", person.indexes().get(1).name());
        assertEquals("Person_Id_key", person.uniqueConstraints().get(0).name());
        assertEquals("Person_Id_seq", person.sequences().get(0).name());
        assertTrue(person.defaultValues().containsKey(1));
        TableSchema tick = schema.table("Tick").orElseThrow();
        assertEquals("Tick_id_idx_btree", tick.indexes().get(0).name());
        assertEquals("Tick_sched", tick.schedule().orElseThrow().name());
        assertEquals("OnTick", tick.schedule().orElseThrow().functionName());
        assertFalse(tick.isPublic());
        assertTrue(schema.reducer("AddPerson").orElseThrow().clientCallable());
        assertFalse(schema.reducer("OnTick").orElseThrow().clientCallable());
        assertEquals(Optional.of(2), schema.lifecycleReducer(Lifecycle.INIT));
        assertEquals("Fetch", schema.procedures().get(0).name());
        assertEquals("Everyone", schema.views().get(0).name());
        assertEquals(List.of("SELECT * FROM Person"), schema.rowLevelSecurity());
        assertEquals(9, schema.raw().version());
    }

    @Test
    void v9ErrorsAreReported() {
        RawModuleDefV9 good = v9Module();
        RawModuleDefV9 bad = new RawModuleDefV9(good.typespace(), good.tables(),
                List.of(new RawReducerDefV9("OnTick", ProductType.UNIT, Optional.empty())),
                good.types(), List.of(), List.of());
        ModuleDefValidationException e = assertThrows(ModuleDefValidationException.class,
                () -> ModuleDefValidator.validate(ModuleDefDecoder.decode(bad.toBytes())));
        assertTrue(e.getMessage().contains("`OnTick` must take exactly one parameter"), e.getMessage());
    }

    @Test
    void truncatedV9IsRejected() {
        byte[] bytes = v9Module().toBytes();
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class,
                () -> ModuleDefDecoder.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        assertEquals(Optional.of("RawModuleDefV9"), e.section());
    }
}

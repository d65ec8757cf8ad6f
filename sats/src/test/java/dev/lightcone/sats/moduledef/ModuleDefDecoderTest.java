package dev.lightcone.sats.moduledef;

import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.v10.CaseConversionPolicy;
import dev.lightcone.sats.moduledef.v10.ExplicitNameEntry;
import dev.lightcone.sats.moduledef.v10.FunctionVisibility;
import dev.lightcone.sats.moduledef.v10.RawHttpHandlerDefV10;
import dev.lightcone.sats.moduledef.v10.RawHttpMethod;
import dev.lightcone.sats.moduledef.v10.RawHttpRouteDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import dev.lightcone.sats.moduledef.v10.RawSubmoduleV10;
import dev.lightcone.sats.moduledef.v10.RawTableDefV10;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleDefDecoderTest {

    /** A definition that uses every V10 section and most record shapes. */
    static RawModuleDefV10 everySection() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef person = b.addType("Person", ProductType.of("id", U64, "name", STRING));
        TypeRef tick = b.addType("Tick", ProductType.of("id", U64, "at", SpecialTypes.SCHEDULE_AT));
        b.addTable("person", person, t -> t.withPrimaryKey(0).addAutoInc(0).addHashIndex("by_name", 1)
                .addDefaultValue(1, new BsatnWriter().writeString("anon").toByteArray()));
        b.addTable("tick", tick, t -> t.withPrimaryKey(0).addAutoInc(0));
        b.addReducer("add", ProductType.of("name", STRING));
        b.addReducer("on_tick", ProductType.of("arg", tick));
        b.addLifecycleReducer(Lifecycle.INIT, "init", ProductType.UNIT);
        b.addProcedure("fetch", ProductType.UNIT, STRING);
        b.addView("everyone", true, new dev.lightcone.sats.ArrayType(person));
        b.addViewPrimaryKey("everyone", "id");
        b.addSchedule("tick", 1, "on_tick");
        b.addRowLevelSecurity("SELECT * FROM person WHERE id = 1");
        b.withCaseConversionPolicy(CaseConversionPolicy.SNAKE_CASE);
        b.addExplicitName(ExplicitNameEntry.Kind.FUNCTION, "fetch", "fetch_it");
        b.addSection(new RawSectionV10.HttpHandlersSection(List.of(new RawHttpHandlerDefV10("hook"))));
        b.addSection(new RawSectionV10.HttpRoutesSection(List.of(
                new RawHttpRouteDefV10("hook", Optional.empty(), "/a"),
                new RawHttpRouteDefV10("hook", Optional.of(new RawHttpMethod(2, Optional.empty())), "/b"),
                new RawHttpRouteDefV10("hook", Optional.of(new RawHttpMethod(9, Optional.of("PURGE"))), "/c"))));
        b.addSection(new RawSectionV10.SubmodulesSection(List.of(
                new RawSubmoduleV10("inner", new RawModuleDefV10Builder().build()))));
        return b.build();
    }

    @Test
    void decodesTheWorkedExample() {
        byte[] bytes = WorkedExample.bytes();
        assertEquals(202, bytes.length);
        RawModuleDef raw = ModuleDefDecoder.decode(bytes);
        assertEquals(10, raw.version());
        RawModuleDefV10 def = RawModuleDefV10.from(raw);
        assertEquals(4, def.sections().size());
        assertEquals(List.of(ProductType.of("id", U64, "name", STRING)), def.typespace().types());
        assertEquals("Person", def.types().get(0).sourceName().sourceName());
        RawTableDefV10 table = def.tables().get(0);
        assertEquals("person", table.sourceName());
        assertEquals(List.of(0), table.primaryKey());
        assertEquals(Optional.of("person_id_idx_btree"), table.indexes().get(0).sourceName());
        assertEquals(Optional.of("id"), table.indexes().get(0).accessorName());
        assertEquals(List.of(0), table.constraints().get(0).columns());
        assertEquals(TableType.USER, table.tableType());
        assertEquals(TableAccess.PUBLIC, table.tableAccess());
        assertEquals(FunctionVisibility.CLIENT_CALLABLE, def.reducers().get(0).visibility());
        assertEquals(CaseConversionPolicy.SNAKE_CASE, def.caseConversionPolicy());
        assertArrayEquals(bytes, def.toBytes());
    }

    @Test
    void valueIsTheBodyAtTheMetaType() {
        RawModuleDef raw = ModuleDefDecoder.decode(WorkedExample.bytes());
        AlgebraicValue.Product body = (AlgebraicValue.Product) raw.value();
        AlgebraicValue.Array sections = (AlgebraicValue.Array) body.field(0);
        AlgebraicValue.Sum tables = (AlgebraicValue.Sum) sections.elements().get(2);
        assertEquals(2, tables.tag());
        ProductType v10 = (ProductType) RawModuleDefMetaType.TYPESPACE.get(RawModuleDefMetaType.V10.index());
        assertEquals(0, v10.indexOf("sections"));
        SumType sectionType = (SumType) ((dev.lightcone.sats.ArrayType) v10.typeAt(0)).elementType();
        assertEquals(RawSectionV10.NAMES,
                sectionType.variants().stream().map(v -> v.name().orElseThrow()).toList());
    }

    private static List<String> fieldNames(dev.lightcone.sats.AlgebraicType arrayOfProducts) {
        ProductType p = (ProductType) ((dev.lightcone.sats.ArrayType) arrayOfProducts).elementType();
        return p.elements().stream().map(e -> e.name().orElseThrow()).toList();
    }

    @Test
    void metaTypeUsesTheRustFieldNames() {
        ProductType v10 = (ProductType) RawModuleDefMetaType.TYPESPACE.get(RawModuleDefMetaType.V10.index());
        SumType sections = (SumType) ((dev.lightcone.sats.ArrayType) v10.typeAt(0)).elementType();
        assertEquals(List.of("source_name", "product_type_ref", "primary_key", "indexes", "constraints", "sequences",
                "table_type", "table_access", "default_values", "is_event"),
                fieldNames(sections.variants().get(2).type()));
        assertEquals(List.of("source_name", "params", "visibility", "ok_return_type", "err_return_type"),
                fieldNames(sections.variants().get(3).type()));
        assertEquals(ProductType.of("types", new dev.lightcone.sats.ArrayType(
                dev.lightcone.sats.bsatn.AlgebraicTypeCodec.ALGEBRAIC_TYPE)), sections.variants().get(0).type());
    }

    @Test
    void builderBytesRoundTripThroughTypedAndGenericForms() {
        RawModuleDefV10 def = everySection();
        byte[] bytes = def.toBytes();
        RawModuleDef raw = ModuleDefDecoder.decode(bytes);
        RawModuleDefV10 decoded = RawModuleDefV10.from(raw);
        assertEquals(def, decoded);
        assertArrayEquals(bytes, decoded.toBytes());
        BsatnWriter w = new BsatnWriter();
        Bsatn.write(w, RawModuleDefMetaType.bodyType(10), raw.value(), RawModuleDefMetaType.TYPESPACE);
        byte[] generic = w.toByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, 1, bytes.length), generic);
    }

    @Test
    void rejectsAnUnknownSectionTag() {
        byte[] bytes = new RawModuleDefV10Builder().toBytes();
        byte[] withUnknown = Arrays.copyOf(bytes, bytes.length + 1);
        withUnknown[1] = 2; // two sections: the empty typespace, then tag 15
        withUnknown[bytes.length] = 15;
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class,
                () -> ModuleDefDecoder.decode(withUnknown));
        assertEquals(bytes.length, e.offset());
        assertTrue(e.getMessage().contains("unknown section tag 15 in section #1"), e.getMessage());
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] bytes = WorkedExample.bytes();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(prefix), "prefix " + n);
        }
    }

    @Test
    void truncationInsideASectionNamesTheSection() {
        byte[] bytes = Arrays.copyOf(WorkedExample.bytes(), 100);
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(bytes));
        assertEquals(Optional.of("Tables (#2)"), e.section());
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = Arrays.copyOf(WorkedExample.bytes(), 203);
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(bytes));
        assertEquals(202, e.offset());
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void rejectsV8AndUnknownEnvelopes() {
        assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(new byte[] {0}));
        assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(new byte[] {3, 0, 0, 0, 0}));
    }

    @Test
    void badSumTagInsideASectionIsReported() {
        byte[] bytes = WorkedExample.bytes();
        bytes[bytes.length - 7] = 7; // the reducer's visibility byte
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class, () -> ModuleDefDecoder.decode(bytes));
        assertEquals(Optional.of("Reducers (#3)"), e.section());
        assertEquals(bytes.length - 7, e.offset());
    }
}

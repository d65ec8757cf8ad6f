package dev.lightcone.sats.moduledef;

import static dev.lightcone.sats.PrimitiveType.F32;
import static dev.lightcone.sats.PrimitiveType.I32;
import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U32;
import static dev.lightcone.sats.PrimitiveType.U64;
import static dev.lightcone.sats.PrimitiveType.U8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ValidationError.Kind;
import dev.lightcone.sats.moduledef.v10.CaseConversionPolicy;
import dev.lightcone.sats.moduledef.v10.ExplicitNameEntry;
import dev.lightcone.sats.moduledef.v10.FunctionVisibility;
import dev.lightcone.sats.moduledef.v10.ModuleDefV10Validator;
import dev.lightcone.sats.moduledef.v10.RawIndexDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import dev.lightcone.sats.moduledef.v10.RawReducerDefV10;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import dev.lightcone.sats.moduledef.v10.RawSequenceDefV10;
import dev.lightcone.sats.moduledef.v10.RawSubmoduleV10;
import dev.lightcone.sats.moduledef.v10.RawTypeDefV10;
import dev.lightcone.sats.moduledef.v10.RawScopedTypeNameV10;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModuleDefValidatorTest {

    private static final ProductType PERSON = ProductType.of("id", U64, "name", STRING);

    private static ModuleSchema validate(RawModuleDefV10Builder b) {
        return ModuleDefValidator.validate(b.toRawModuleDef());
    }

    private static List<ValidationError> errors(RawModuleDefV10Builder b) {
        return assertThrows(ModuleDefValidationException.class, () -> validate(b)).errors();
    }

    /** Asserts that validation fails with an error of this kind whose message contains every fragment. */
    private static void assertError(RawModuleDefV10Builder b, Kind kind, String... fragments) {
        List<ValidationError> errors = errors(b);
        boolean found = errors.stream().anyMatch(e -> e.kind() == kind
                && List.of(fragments).stream().allMatch(f -> e.message().contains(f)));
        assertTrue(found, "expected " + kind + " " + List.of(fragments) + " in " + errors);
    }

    /** A module with table {@code person} (pk id, auto-inc) configured further by {@code more}. */
    private static RawModuleDefV10Builder personModule(Consumer<RawModuleDefV10Builder.TableBuilder> more) {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef person = b.addType("Person", PERSON);
        b.addTable("person", person, more);
        return b;
    }

    // ---- the worked example ------------------------------------------------------------------

    @Test
    void validatesTheWorkedExample() {
        RawModuleDef raw = ModuleDefDecoder.decode(WorkedExample.bytes());
        ModuleSchema schema = ModuleDefValidator.validate(raw);
        assertEquals(1, schema.tables().size());
        TableSchema person = schema.tables().get(0);
        assertEquals(ModuleSchema.FIRST_USER_TABLE_ID, person.tableId());
        assertEquals("person", person.name());
        assertEquals(OptionalInt.of(0), person.primaryKey());
        assertEquals(PERSON, person.rowType());
        assertEquals(List.of(new ColumnSchema(0, "id", U64), new ColumnSchema(1, "name", STRING)), person.columns());
        IndexSchema index = person.indexes().get(0);
        assertEquals("person_id_idx_btree", index.name());
        assertEquals("id", index.accessorName());
        assertEquals(IndexAlgorithm.BTREE, index.algorithm());
        assertEquals(ModuleDefV10Validator.FIRST_INDEX_ID, index.indexId());
        assertTrue(index.unique());
        assertEquals(List.of(new UniqueConstraintSchema("person_id_key", List.of(0))), person.uniqueConstraints());
        SequenceSchema seq = person.sequences().get(0);
        assertEquals("person_id_seq", seq.name());
        assertEquals(BigInteger.ONE, seq.start());
        assertEquals(BigInteger.ONE, seq.min());
        assertEquals(new BigInteger("18446744073709551615"), seq.max());
        assertTrue(person.isPublic());
        assertFalse(person.isEvent());
        ReducerSchema add = schema.reducers().get(0);
        assertEquals(new ReducerSchema(0, "add", "add", ProductType.of("name", STRING), true, Optional.empty()), add);
        assertEquals(List.of(new TypeDefSchema(List.of(), "Person", 0, true)), schema.types());
        assertEquals(raw, schema.raw());
    }

    @Test
    void sectionsMayComeInAnyOrder() {
        RawModuleDefV10 def = ModuleDefDecoderTest.everySection();
        List<RawSectionV10> sections = new ArrayList<>(def.sections());
        sections.removeIf(s -> s instanceof RawSectionV10.SubmodulesSection);
        ModuleSchema expected = ModuleDefValidator.validate(new RawModuleDefV10(sections).toRawModuleDef());
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(sections, random);
            ModuleSchema shuffled = ModuleDefValidator.validate(new RawModuleDefV10(sections).toRawModuleDef());
            assertEquals(expected.tables().stream().map(ModuleDefValidatorTest::withoutDefaults).toList(),
                    shuffled.tables().stream().map(ModuleDefValidatorTest::withoutDefaults).toList());
            assertEquals(expected.reducers(), shuffled.reducers());
            assertEquals(expected.views(), shuffled.views());
        }
    }

    /** The table with its default values (byte arrays, compared by identity) dropped. */
    private static TableSchema withoutDefaults(TableSchema t) {
        return new TableSchema(t.tableId(), t.name(), t.sourceName(), t.rowType(), t.columns(), t.primaryKey(),
                t.indexes(), t.uniqueConstraints(), t.sequences(), t.isPublic(), t.isEvent(), t.schedule(), Map.of());
    }

    // ---- names -------------------------------------------------------------------------------

    @Test
    void snakeCasePolicyConvertsTablesColumnsFunctionsAndTypes() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef row = b.addType("player_state", ProductType.of("playerId", U64, "HTTPServer", STRING,
                "mood", SumType.of("VeryHappy", ProductType.UNIT, "Sad", ProductType.UNIT)));
        b.addTable("PlayerState", row, t -> t.withPrimaryKey(0));
        b.addTable("one_u8", b.addTypespaceType(ProductType.of("n", U8)));
        b.addReducer("AddPlayer", ProductType.of("playerName", STRING));
        ModuleSchema schema = validate(b);
        TableSchema player = schema.table("player_state").orElseThrow();
        assertEquals("PlayerState", player.sourceName());
        assertEquals(player, schema.table("PlayerState").orElseThrow());
        assertEquals(List.of("player_id", "http_server", "mood"), player.columns().stream().map(ColumnSchema::name).toList());
        assertEquals("player_state_player_id_idx_btree", player.indexes().get(0).name());
        assertEquals("PlayerState_playerId_idx_btree", player.indexes().get(0).sourceName());
        assertEquals("player_state_player_id_key", player.uniqueConstraints().get(0).name());
        SumType mood = (SumType) player.rowType().typeAt(2);
        assertEquals(Optional.of("veryHappy"), mood.variants().get(0).name());
        assertEquals("one_u_8", schema.tables().get(1).name());
        assertEquals("add_player", schema.reducers().get(0).name());
        assertEquals(schema.reducers().get(0), schema.reducer("AddPlayer").orElseThrow());
        // Parameters are kept as emitted.
        assertEquals(ProductType.of("playerName", STRING), schema.reducers().get(0).params());
        assertEquals("PlayerState", schema.types().get(0).name());
    }

    @Test
    void specialTypesKeepTheirNames() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef row = b.addType("Row", ProductType.of("who", SpecialTypes.IDENTITY, "when", SpecialTypes.SCHEDULE_AT,
                "maybe", SumType.option(U32)));
        b.addTable("row", row);
        ProductType rowType = validate(b).tables().get(0).rowType();
        assertEquals(SpecialTypes.IDENTITY, rowType.typeAt(0));
        assertEquals(SpecialTypes.SCHEDULE_AT, rowType.typeAt(1));
        assertEquals(SumType.option(U32), rowType.typeAt(2));
    }

    @Test
    void policyNoneKeepsNamesVerbatim() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder().withCaseConversionPolicy(CaseConversionPolicy.NONE);
        TypeRef row = b.addType("player_state", ProductType.of("playerId", U64));
        b.addTable("PlayerState", row, t -> t.withPrimaryKey(0));
        b.addReducer("AddPlayer", ProductType.UNIT);
        ModuleSchema schema = validate(b);
        TableSchema t = schema.tables().get(0);
        assertEquals("PlayerState", t.name());
        assertEquals("playerId", t.columns().get(0).name());
        assertEquals("PlayerState_playerId_idx_btree", t.indexes().get(0).name());
        assertEquals("AddPlayer", schema.reducers().get(0).name());
        assertEquals("player_state", schema.types().get(0).name());
    }

    @Test
    void explicitNamesWinOverThePolicy() {
        RawModuleDefV10Builder b = personModule(t -> t.withPrimaryKey(0));
        b.addReducer("AddPerson", ProductType.UNIT);
        b.addExplicitName(ExplicitNameEntry.Kind.TABLE, "person", "people");
        b.addExplicitName(ExplicitNameEntry.Kind.FUNCTION, "AddPerson", "AddPersonExactly");
        b.addExplicitName(ExplicitNameEntry.Kind.INDEX, "person_id_idx_btree", "people_by_id");
        ModuleSchema schema = validate(b);
        TableSchema t = schema.table("people").orElseThrow();
        assertEquals("person", t.sourceName());
        assertEquals("people_by_id", t.indexes().get(0).name());
        assertEquals(t.indexes().get(0), t.index("person_id_idx_btree").orElseThrow());
        assertEquals("people_id_key", t.uniqueConstraints().get(0).name());
        assertEquals("AddPersonExactly", schema.reducers().get(0).name());
    }

    @Test
    void invalidAndReservedIdentifiersAreRejected() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("select", b.addType("A", ProductType.of("x", U64)));
        b.addTable("9lives", b.addType("B", ProductType.of("ok", U64, "bad-col", U64)));
        b.addReducer("", ProductType.UNIT);
        List<ValidationError> errors = errors(b);
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("table `select`")
                && e.message().contains("reserved word")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("table `9lives`")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.INVALID_IDENTIFIER
                && e.message().contains("reducer ``") && e.message().contains("is empty")), errors.toString());
    }

    @Test
    void systemTablePrefixIsReserved() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("st_mine", b.addType("A", ProductType.of("x", U64)));
        assertError(b, Kind.TABLE, "table `st_mine`", "st_");
    }

    @Test
    void duplicateNamesAreRejected() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef a = b.addType("A", ProductType.of("x", U64));
        b.addTable("Thing", a);
        b.addTable("thing", a);
        assertError(b, Kind.DUPLICATE_NAME, "`thing`", "table `Thing`", "table `thing`");
    }

    @Test
    void sameTableNameTwiceIsRejected() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef a = b.addType("A", ProductType.of("x", U64));
        b.addTable("thing", a);
        b.addTable("thing", a);
        assertError(b, Kind.DUPLICATE_NAME, "`thing`");
    }

    @Test
    void generatedNamesShareTheGlobalNamespace() {
        RawModuleDefV10Builder b = personModule(t -> t.withPrimaryKey(0).addBtreeIndex("again", 0));
        assertError(b, Kind.DUPLICATE_NAME, "person_id_idx_btree");
    }

    @Test
    void functionNamesAreUniqueAcrossKinds() {
        RawModuleDefV10Builder b = personModule(t -> { });
        b.addReducer("go", ProductType.UNIT);
        b.addProcedure("Go", ProductType.UNIT, STRING);
        assertError(b, Kind.DUPLICATE_NAME, "function name `go`", "reducer `go`", "procedure `Go`");
    }

    // ---- tables ------------------------------------------------------------------------------

    @Test
    void rowTypeMustBeANamedProduct() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("a", b.addTypespaceType(U64));
        b.addTable("b", new TypeRef(7));
        b.addTable("c", b.addTypespaceType(new ProductType(List.of(new ProductType.Element(Optional.empty(), U64)))));
        List<ValidationError> errors = errors(b);
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.TABLE && e.message().contains("table `a`")
                && e.message().contains("not a product")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.TABLE && e.message().contains("table `b`")
                && e.message().contains("refers to type 7")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.COLUMN && e.message().contains("table `c`")
                && e.message().contains("column 0 has no name")), errors.toString());
    }

    @Test
    void columnTypesAreInlined() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef point = b.addType("Point", ProductType.of("x", I32, "y", I32));
        b.addTable("shape", b.addType("Shape", ProductType.of("points", new ArrayType(point))));
        ColumnSchema points = validate(b).tables().get(0).columns().get(0);
        assertEquals(new ArrayType(ProductType.of("x", I32, "y", I32)), points.type());
    }

    @Test
    void duplicateColumnNamesAreRejected() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("t", b.addType("T", ProductType.of("fooBar", U64, "foo_bar", U64)));
        assertError(b, Kind.COLUMN, "table `t`", "`foo_bar` appears twice");
    }

    @Test
    void primaryKeyNeedsAUniqueConstraint() {
        assertError(personModule(t -> t.withRawPrimaryKey(0)), Kind.PRIMARY_KEY, "table `person`",
                "column `id`", "no unique constraint");
    }

    @Test
    void primaryKeyHasAtMostOneColumn() {
        assertError(personModule(t -> t.withRawPrimaryKey(0, 1)), Kind.PRIMARY_KEY, "table `person`", "[0, 1]");
    }

    @Test
    void primaryKeyColumnMustExist() {
        assertError(personModule(t -> t.withRawPrimaryKey(5)), Kind.PRIMARY_KEY, "table `person`", "column 5");
    }

    @Test
    void uniqueConstraintNeedsAMatchingIndex() {
        assertError(personModule(t -> t.addUniqueConstraint(1)), Kind.CONSTRAINT, "table `person`",
                "`person_name_key`", "no index");
    }

    @Test
    void uniqueConstraintColumnsMustExistAndNotRepeat() {
        assertError(personModule(t -> t.addUniqueConstraint(0, 0)), Kind.CONSTRAINT, "table `person`", "twice");
        assertError(personModule(t -> t.addUniqueConstraint(3)), Kind.CONSTRAINT, "table `person`", "column 3");
    }

    @Test
    void indexColumnsMustExist() {
        assertError(personModule(t -> t.addBtreeIndex("bad", 4)), Kind.INDEX, "table `person`",
                "index `person_col_4_idx_btree`", "column 4");
    }

    @Test
    void indexNeedsASourceName() {
        assertError(personModule(t -> t.addIndex(new RawIndexDefV10(Optional.empty(), Optional.empty(),
                new RawIndexAlgorithm.BTree(List.of(0))))), Kind.INDEX, "table `person`", "no source name");
    }

    @Test
    void multiColumnIndexNamesJoinColumnsInOrder() {
        ModuleSchema schema = validate(personModule(t -> t.addHashIndex("by_both", 1, 0)));
        IndexSchema index = schema.tables().get(0).indexes().get(0);
        assertEquals("person_name_id_idx_hash", index.name());
        assertEquals(List.of(1, 0), index.columns());
        assertFalse(index.unique());
    }

    @Test
    void directIndexesOnlyOnSmallUnsignedOrEnums() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        SumType color = SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT);
        TypeRef row = b.addType("R", ProductType.of("a", U32, "b", color, "c", I32, "d", STRING));
        b.addTable("r", row, t -> t.addDirectIndex("a", 0).addDirectIndex("b", 1).addDirectIndex("c", 2));
        List<ValidationError> errors = errors(b);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("column `c`"), errors.toString());
    }

    @Test
    void indexIdsAreUniqueAcrossTheModule() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef a = b.addType("A", ProductType.of("x", U64, "y", U64));
        b.addTable("a", a, t -> t.withPrimaryKey(0).addBtreeIndex("y", 1));
        b.addTable("b", a, t -> t.withPrimaryKey(0));
        ModuleSchema schema = validate(b);
        assertEquals(List.of(4096, 4097), schema.tables().get(0).indexes().stream().map(IndexSchema::indexId).toList());
        assertEquals(4098, schema.tables().get(1).indexes().get(0).indexId());
        assertEquals(4097, schema.tables().get(1).tableId());
    }

    @Test
    void sequencesOnlyOnIntegerColumns() {
        assertError(personModule(t -> t.addAutoInc(1)), Kind.SEQUENCE, "table `person`", "column `name`",
                "not on an integer column");
    }

    @Test
    void atMostOneSequencePerColumn() {
        assertError(personModule(t -> t.addAutoInc(0).addAutoInc(0)), Kind.SEQUENCE, "column `id`", "twice");
    }

    @Test
    void sequenceBoundsMustBeOrdered() {
        RawSequenceDefV10 bad = new RawSequenceDefV10(Optional.empty(), 0, Optional.of(BigInteger.valueOf(50)),
                Optional.of(BigInteger.valueOf(100)), Optional.empty(), BigInteger.ONE);
        assertError(personModule(t -> t.addSequence(bad)), Kind.SEQUENCE, "column `id`", "min 100, start 50");
    }

    @Test
    void sequenceMaximumDefaultsToTheColumnType() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("t", b.addType("T", ProductType.of("a", I32, "b", U8)), t -> t.addAutoInc(0).addAutoInc(1));
        List<SequenceSchema> seqs = validate(b).tables().get(0).sequences();
        assertEquals(BigInteger.valueOf(Integer.MAX_VALUE), seqs.get(0).max());
        assertEquals(BigInteger.valueOf(255), seqs.get(1).max());
        assertEquals("t_b_seq", seqs.get(1).name());
    }

    @Test
    void defaultValuesMustDecodeAtTheColumnType() {
        byte[] good = new BsatnWriter().writeString("anon").toByteArray();
        ModuleSchema schema = validate(personModule(t -> t.addDefaultValue(1, good)));
        assertEquals(Map.of(1, good).keySet(), schema.tables().get(0).defaultValues().keySet());
        assertError(personModule(t -> t.addDefaultValue(1, new byte[] {5, 0})), Kind.DEFAULT_VALUE,
                "table `person`", "column `name`");
        assertError(personModule(t -> t.addDefaultValue(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})),
                Kind.DEFAULT_VALUE, "column `id`");
    }

    @Test
    void tableAccessAndEventFlagsCarryOver() {
        TableSchema t = validate(personModule(tb -> tb.withAccess(TableAccess.PRIVATE).withEvent(true)))
                .tables().get(0);
        assertFalse(t.isPublic());
        assertTrue(t.isEvent());
    }

    // ---- reducers and lifecycle --------------------------------------------------------------

    @Test
    void reducersMustReturnUnitOrString() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addReducer(new RawReducerDefV10("r", ProductType.UNIT, FunctionVisibility.CLIENT_CALLABLE, U32, U8));
        List<ValidationError> errors = errors(b);
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.REDUCER && e.message().contains("reducer `r`")
                && e.message().contains("unit")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.kind() == Kind.REDUCER && e.message().contains("reducer `r`")
                && e.message().contains("String")), errors.toString());
    }

    @Test
    void reducerParametersMustReferToTheTypespace() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addReducer("r", ProductType.of("p", new TypeRef(3)));
        assertError(b, Kind.REDUCER, "reducer `r` parameters", "type 3");
    }

    @Test
    void lifecycleReducersMapAndAreNotCallable() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addReducer("add", ProductType.UNIT);
        b.addLifecycleReducer(Lifecycle.INIT, "init", ProductType.UNIT);
        b.addLifecycleReducer(Lifecycle.ON_CONNECT, "client_connected", ProductType.UNIT);
        // A lifecycle reducer emitted ClientCallable is still not callable.
        b.addReducer("client_disconnected", ProductType.UNIT);
        b.addLifecycle(Lifecycle.ON_DISCONNECT, "client_disconnected");
        ModuleSchema schema = validate(b);
        assertEquals(Map.of(Lifecycle.INIT, 1, Lifecycle.ON_CONNECT, 2, Lifecycle.ON_DISCONNECT, 3), schema.lifecycle());
        assertTrue(schema.reducers().get(0).clientCallable());
        assertEquals(Optional.of(Lifecycle.INIT), schema.reducers().get(1).lifecycle());
        assertTrue(schema.reducers().stream().skip(1).noneMatch(ReducerSchema::clientCallable));
        assertEquals(Optional.of(3), schema.lifecycleReducer(Lifecycle.ON_DISCONNECT));
    }

    @Test
    void lifecycleMustNameAReducer() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder().addLifecycle(Lifecycle.INIT, "nope");
        assertError(b, Kind.LIFECYCLE, "Init", "`nope`", "not a reducer");
    }

    @Test
    void lifecycleKindAtMostOnce() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addLifecycleReducer(Lifecycle.INIT, "a", ProductType.UNIT);
        b.addLifecycleReducer(Lifecycle.INIT, "b", ProductType.UNIT);
        assertError(b, Kind.LIFECYCLE, "Init is assigned twice", "`a`", "`b`");
    }

    @Test
    void reducerHasAtMostOneLifecycle() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addLifecycleReducer(Lifecycle.ON_CONNECT, "hook", ProductType.UNIT);
        b.addLifecycle(Lifecycle.ON_DISCONNECT, "hook");
        assertError(b, Kind.LIFECYCLE, "reducer `hook`", "OnConnect", "OnDisconnect");
    }

    // ---- schedules ---------------------------------------------------------------------------

    private static RawModuleDefV10Builder scheduleModule(AlgebraicType idType, boolean procedure) {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef row = b.addType("Tick", ProductType.of("scheduledId", idType, "scheduledAt", SpecialTypes.SCHEDULE_AT));
        b.addTable("tick", row, t -> t.withPrimaryKey(0).addAutoInc(0));
        if (procedure) {
            b.addProcedure("on_tick", ProductType.of("arg", row), ProductType.UNIT);
        } else {
            b.addReducer("on_tick", ProductType.of("arg", row));
        }
        b.addSchedule("tick", 1, "on_tick");
        return b;
    }

    @Test
    void scheduledReducerIsAttachedAndPrivate() {
        ModuleSchema schema = validate(scheduleModule(U64, false));
        ScheduleSchema s = schema.tables().get(0).schedule().orElseThrow();
        assertEquals(new ScheduleSchema("tick_sched", "tick", 1, 0, "on_tick", false), s);
        assertFalse(schema.reducers().get(0).clientCallable());
    }

    @Test
    void scheduledProcedureIsMarked() {
        ModuleSchema schema = validate(scheduleModule(U64, true));
        assertTrue(schema.tables().get(0).schedule().orElseThrow().isProcedure());
        assertFalse(schema.procedures().get(0).clientCallable());
    }

    @Test
    void scheduleNeedsAU64PrimaryKey() {
        assertError(scheduleModule(U32, false), Kind.SCHEDULE, "table `tick`", "u64 primary key");
    }

    @Test
    void scheduleColumnMustBeScheduleAt() {
        RawModuleDefV10Builder b = scheduleModule(U64, false);
        b.addSchedule("tick", 0, "on_tick");
        assertError(b, Kind.SCHEDULE, "table `tick`", "`scheduled_id`", "ScheduleAt");
    }

    @Test
    void scheduleFunctionMustExistAndTakeTheRow() {
        RawModuleDefV10Builder missing = new RawModuleDefV10Builder();
        TypeRef row = missing.addType("Tick", ProductType.of("id", U64, "at", SpecialTypes.SCHEDULE_AT));
        missing.addTable("tick", row, t -> t.withPrimaryKey(0));
        missing.addReducer("wrong_args", ProductType.of("x", U64));
        missing.addSchedule("tick", 1, "nothing");
        assertError(missing, Kind.SCHEDULE, "`nothing`", "not a reducer or procedure");
        missing.addSchedule("tick", 1, "wrong_args");
        assertError(missing, Kind.SCHEDULE, "`wrong_args`", "exactly one parameter");
        missing.addSchedule("nope", 1, "wrong_args");
        assertError(missing, Kind.SCHEDULE, "table `nope`", "no such table");
    }

    // ---- views -------------------------------------------------------------------------------

    @Test
    void viewReturnShapes() {
        RawModuleDefV10Builder b = personModule(t -> t.withPrimaryKey(0));
        TypeRef person = new TypeRef(0);
        b.addView("all_people", false, new ArrayType(person));
        b.addView("me", false, SumType.option(person));
        b.addView("query", true, ProductType.of("__query__", person));
        b.addViewPrimaryKey("all_people", "id");
        ModuleSchema schema = validate(b);
        assertEquals(3, schema.views().size());
        ViewSchema all = schema.views().get(0);
        assertEquals(PERSON, all.rowType());
        assertEquals(OptionalInt.of(0), all.primaryKey());
        assertEquals(1, schema.views().get(1).index());
        assertEquals(0, schema.views().get(2).index());
        assertTrue(schema.views().get(2).isAnonymous());
    }

    @Test
    void viewMustReturnRowsOfAProduct() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        TypeRef num = b.addTypespaceType(U64);
        b.addView("nums", false, new ArrayType(num));
        b.addView("plain", false, U64);
        List<ValidationError> errors = errors(b);
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("view `nums`")
                && e.message().contains("not a product")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("view `plain`")
                && e.message().contains("Vec<T>")), errors.toString());
    }

    @Test
    void viewPrimaryKeyMustNameAColumn() {
        RawModuleDefV10Builder b = personModule(t -> { });
        b.addView("people", false, new ArrayType(new TypeRef(0)));
        b.addViewPrimaryKey("people", "nope");
        b.addViewPrimaryKey("ghost", "id");
        List<ValidationError> errors = errors(b);
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("view `people`")
                && e.message().contains("`nope`")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("`ghost`")), errors.toString());
    }

    // ---- everything else ---------------------------------------------------------------------

    @Test
    void typesMustPointIntoTheTypespace() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTypeDef(new RawTypeDefV10(new RawScopedTypeNameV10(List.of(), "ERROR_bad_table"), 999999, true));
        assertError(b, Kind.TYPE, "type `ERROR_bad_table`", "999999");
    }

    @Test
    void rowLevelSecurityIsCopiedVerbatim() {
        RawModuleDefV10Builder b = personModule(t -> { });
        b.addRowLevelSecurity("SELECT * FROM one_u_8 WHERE :sender = x");
        assertEquals(List.of("SELECT * FROM one_u_8 WHERE :sender = x"), validate(b).rowLevelSecurity());
    }

    @Test
    void sqlViewsArePassedThroughAndNamed() {
        RawModuleDefV10Builder b = personModule(t -> { });
        SqlViewSchema v = new SqlViewSchema("adults", "SELECT * FROM person", true, "Person");
        ModuleSchema schema = ModuleDefValidator.validate(b.toRawModuleDef(), List.of(v));
        assertEquals(List.of(v), schema.sqlViews());
        ModuleDefValidationException e = assertThrows(ModuleDefValidationException.class,
                () -> ModuleDefValidator.validate(b.toRawModuleDef(), List.of(new SqlViewSchema("person", "x", true, "Person"))));
        assertTrue(e.getMessage().contains("SQL view `person`"), e.getMessage());
    }

    @Test
    void submodulesAreNotSupported() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addSection(new RawSectionV10.SubmodulesSection(List.of(
                new RawSubmoduleV10("sub", new RawModuleDefV10Builder().build()))));
        assertError(b, Kind.UNSUPPORTED, "Submodules");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        RawModuleDefV10Builder b = personModule(t -> t.withRawPrimaryKey(0).addAutoInc(1));
        b.addLifecycle(Lifecycle.INIT, "missing");
        b.addReducer(new RawReducerDefV10("r", ProductType.UNIT, FunctionVisibility.CLIENT_CALLABLE, U32, STRING));
        ModuleDefValidationException e = assertThrows(ModuleDefValidationException.class, () -> validate(b));
        assertEquals(List.of(Kind.LIFECYCLE, Kind.REDUCER, Kind.PRIMARY_KEY, Kind.SEQUENCE),
                e.errors().stream().map(ValidationError::kind).toList());
        for (ValidationError err : e.errors()) {
            assertTrue(e.getMessage().contains(err.message()));
        }
    }

    @Test
    void floatColumnsCannotBeSequenced() {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        b.addTable("f", b.addType("F", ProductType.of("x", F32)), t -> t.addAutoInc(0));
        assertError(b, Kind.SEQUENCE, "table `f`", "column `x`");
    }
}

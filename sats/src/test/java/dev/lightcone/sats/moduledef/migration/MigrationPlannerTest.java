package dev.lightcone.sats.moduledef.migration;

import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U32;
import static dev.lightcone.sats.PrimitiveType.U64;
import static dev.lightcone.sats.PrimitiveType.U8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.migration.MigrationPlan.PlanStyle;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddColumns;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddConstraint;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddIndex;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddSchedule;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddSequence;
import dev.lightcone.sats.moduledef.migration.MigrationStep.AddTable;
import dev.lightcone.sats.moduledef.migration.MigrationStep.ChangeAccess;
import dev.lightcone.sats.moduledef.migration.MigrationStep.ChangeColumns;
import dev.lightcone.sats.moduledef.migration.MigrationStep.ChangePrimaryKey;
import dev.lightcone.sats.moduledef.migration.MigrationStep.DisconnectAllUsers;
import dev.lightcone.sats.moduledef.migration.MigrationStep.RemoveConstraint;
import dev.lightcone.sats.moduledef.migration.MigrationStep.RemoveIndex;
import dev.lightcone.sats.moduledef.migration.MigrationStep.RemoveSchedule;
import dev.lightcone.sats.moduledef.migration.MigrationStep.RemoveTable;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {

    private static final ProductType PERSON = ProductType.of("id", U64, "name", STRING);

    private static ModuleSchema module(Consumer<RawModuleDefV10Builder> build) {
        RawModuleDefV10Builder b = new RawModuleDefV10Builder();
        build.accept(b);
        return ModuleDefValidator.validate(b.toRawModuleDef());
    }

    /** One table {@code person(id u64 pk auto_inc, name string)}, plus whatever {@code more} adds. */
    private static ModuleSchema person(Consumer<RawModuleDefV10Builder> more) {
        return module(b -> {
            TypeRef row = b.addType("Person", PERSON);
            b.addTable("person", row, t -> t.withPrimaryKey(0).addAutoInc(0));
            more.accept(b);
        });
    }

    private static ModuleSchema person() {
        return person(b -> {
        });
    }

    private static byte[] u32(int v) {
        return new BsatnWriter().writeU32(v).toByteArray();
    }

    private static List<String> refusals(ModuleSchema from, ModuleSchema to) {
        try {
            MigrationPlanner.plan(from, to);
        } catch (MigrationRefusedException e) {
            return e.errors().stream().map(MigrationError::message).toList();
        }
        throw new AssertionError("expected the migration to be refused");
    }

    private static void assertEndsWith(String text, String end) {
        assertTrue(text.endsWith(end), () -> "expected the text to end with:\n" + end + "\nbut it was:\n" + text);
    }

    private static void assertContains(Object haystack, Object needle) {
        boolean found = haystack instanceof String s ? s.contains((String) needle) : ((List<?>) haystack).contains(needle);
        assertTrue(found, () -> "expected " + haystack + " to contain " + needle);
    }

    @Test
    void theSameDefinitionNeedsNoStep() {
        MigrationPlan plan = MigrationPlanner.plan(person(), person());
        assertTrue(plan.steps().isEmpty());
        assertFalse(plan.breaksClients());
        assertEquals("━".repeat(60) + "\nDatabase Migration Plan\n"
                + "━".repeat(60) + "\n\n", plan.render(PlanStyle.NO_COLOR));
    }

    @Test
    void addingATableIsCompatibleAndPrintsItsShape() {
        ModuleSchema to = person(b -> b.addTable("pet", b.addType("Pet", ProductType.of("id", U32, "name", STRING)),
                t -> t.withPrimaryKey(0).addAutoInc(0)));
        MigrationPlan plan = MigrationPlanner.plan(person(), to);
        assertEquals(List.of(new AddTable("pet")), plan.steps());
        assertFalse(plan.breaksClients());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), """
                ▸ Created user table: pet (public)
                    Columns:
                        • id: U32
                        • name: String
                    Unique constraints:
                        • pet_id_key on [id]
                    Indexes:
                        • pet_id_idx_btree on [id]
                    Auto-increment constraints:
                        • pet_id_seq on id

                """);
    }

    @Test
    void addingAColumnWithADefaultAtTheEndBreaksClients() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person",
                ProductType.of("id", U64, "name", STRING, "age", U32)),
                t -> t.withPrimaryKey(0).addAutoInc(0).addDefaultValue(2, u32(5))));
        MigrationPlan plan = MigrationPlanner.plan(person(), to);
        assertEquals(2, plan.steps().size());
        assertInstanceOf(AddColumns.class, plan.steps().get(0));
        assertEquals(List.of("age"), ((AddColumns) plan.steps().get(0)).columns().stream().map(c -> c.name()).toList());
        assertEquals(new DisconnectAllUsers(), plan.steps().get(1));
        assertTrue(plan.breaksClients());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), """
                ▸ Created column in table person
                    + age: U32 (default: U32(
                    5,
                ))
                !!! Warning: All clients will be disconnected due to breaking schema changes
                """);
    }

    @Test
    void addingAColumnWithoutADefaultIsRefused() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person",
                ProductType.of("id", U64, "name", STRING, "age", U32)), t -> t.withPrimaryKey(0).addAutoInc(0)));
        assertEquals(List.of("Adding a column age to table person requires a default value annotation"), refusals(person(), to));
    }

    @Test
    void removingAColumnIsRefused() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person", ProductType.of("id", U64)),
                t -> t.withPrimaryKey(0).addAutoInc(0)));
        assertEquals(List.of("Removing a column name from table person requires a manual migration"), refusals(person(), to));
    }

    @Test
    void addingAColumnBeforeOthersIsAReorder() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person",
                ProductType.of("id", U64, "age", U32, "name", STRING)),
                t -> t.withPrimaryKey(0).addAutoInc(0).addDefaultValue(1, u32(0))));
        assertEquals(List.of("Reordering table person requires a manual migration"), refusals(person(), to));
    }

    @Test
    void changingAColumnTypeIsRefusedWithBothTypes() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person", ProductType.of("id", U64, "name", U32)),
                t -> t.withPrimaryKey(0).addAutoInc(0)));
        assertEquals(List.of(
                "Changing the type of column name in table person from String to U32 requires a manual migration"), refusals(person(), to));
    }

    @Test
    void everyReasonIsReportedAtOnce() {
        ModuleSchema to = module(b -> b.addTable("person", b.addType("Person",
                ProductType.of("id", U32, "nick", STRING)), t -> t.withPrimaryKey(0).addAutoInc(0)));
        MigrationRefusedException e = assertThrows(MigrationRefusedException.class,
                () -> MigrationPlanner.plan(person(), to));
        assertEquals("Errors occurred:\n"
                        + "Changing the type of column id in table person from U64 to U32 requires a manual migration\n\n"
                        + "Removing a column name from table person requires a manual migration\n\n"
                        + "Adding a column nick to table person requires a default value annotation\n\n", e.getMessage());
    }

    private static ModuleSchema colour(SumType colour) {
        return module(b -> b.addTable("paint", b.addType("Paint", ProductType.of("id", U32, "colour", colour)),
                t -> t.withPrimaryKey(0)));
    }

    @Test
    void enumVariantsMayBeAddedAtTheEnd() {
        SumType two = SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT);
        SumType three = SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT, "Blue", ProductType.UNIT);
        MigrationPlan plan = MigrationPlanner.plan(colour(two), colour(three));
        assertEquals(List.of(new ChangeColumns("paint")), plan.steps());
        assertFalse(plan.breaksClients());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), "▸ Changed columns for table paint\n");
    }

    @Test
    void enumVariantsMayNotBeRemovedRenamedOrGrowTheLayout() {
        SumType two = SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT);
        assertEquals(List.of("Changing the type of column colour in table paint "
                + "from (red: () | green: () | blue: ()) to (red: () | green: ()), with fewer variants, requires a manual migration"), refusals(two3(), colour(two)));
        assertEquals(List.of("Changing the type of column colour in table paint from (red: () | green: ()) to "
                        + "(red: () | lime: ()), with a renamed variant, requires a manual migration"), refusals(colour(two), colour(SumType.of("Red", ProductType.UNIT, "Lime", ProductType.UNIT))));
        assertEquals(List.of("Changing the type of column colour in table paint from (red: () | "
                        + "green: ()) to (red: () | green: () | grey: U64), requires a manual migration, due to size mismatch",
                "Changing the type of column colour in table paint from (red: () | green: ()) to (red: () | green: () "
                        + "| grey: U64), requires a manual migration, due to alignment mismatch"), refusals(colour(two), colour(SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT,
                "Grey", U64))));
    }

    private static ModuleSchema two3() {
        return colour(SumType.of("Red", ProductType.UNIT, "Green", ProductType.UNIT, "Blue", ProductType.UNIT));
    }

    @Test
    void indexesMayBeAddedAndRemoved() {
        ModuleSchema withIndex = person(b -> {
        });
        ModuleSchema byName = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.withPrimaryKey(0).addAutoInc(0).addBtreeIndex("by_name", 1)));
        MigrationPlan add = MigrationPlanner.plan(withIndex, byName);
        assertEquals(List.of(new AddIndex("person", "person_name_idx_btree")), add.steps());
        assertEndsWith(add.render(PlanStyle.NO_COLOR), "▸ Created index person_name_idx_btree on [name] of table person\n");
        MigrationPlan remove = MigrationPlanner.plan(byName, withIndex);
        assertEquals(List.of(new RemoveIndex("person", "person_name_idx_btree")), remove.steps());
        assertFalse(remove.breaksClients());
    }

    @Test
    void changingAnIndexAlgorithmReplacesIt() {
        ModuleSchema btree = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.addBtreeIndex("by_name", 1)));
        ModuleSchema hash = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.addIndex(new dev.lightcone.sats.moduledef.v10.RawIndexDefV10(
                        java.util.Optional.of("person_name_idx_btree"), java.util.Optional.of("by_name"),
                        new dev.lightcone.sats.moduledef.RawIndexAlgorithm.Hash(List.of(1))))));
        MigrationPlan plan = MigrationPlanner.plan(btree, hash);
        assertEquals(List.of(new RemoveIndex("person", "person_name_idx_btree"),
                new AddIndex("person", "person_name_idx_hash")), plan.steps());
    }

    @Test
    void addingAnAutoIncChecksTheExistingValuesFirst() {
        ModuleSchema plain = module(b -> b.addTable("person", b.addType("Person", PERSON), t -> t.withPrimaryKey(0)));
        MigrationPlan plan = MigrationPlanner.plan(plain, person());
        assertEquals(List.of(new AddSequence("person", "person_id_seq")), plan.steps());
        assertEquals(List.of(new MigrationPrecheck.SequenceRangeFree("person", "person_id_seq")), plan.prechecks());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), "▸ Created auto-increment constraint person_id_seq on column id of table person\n");
    }

    @Test
    void accessChangesEitherWay() {
        ModuleSchema hidden = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.withPrimaryKey(0).addAutoInc(0).withAccess(TableAccess.PRIVATE)));
        MigrationPlan plan = MigrationPlanner.plan(person(), hidden);
        assertEquals(List.of(new ChangeAccess("person")), plan.steps());
        assertFalse(plan.breaksClients());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), "▸ Changed access for table person (public → private)\n");
        assertEndsWith(MigrationPlanner.plan(hidden, person()).render(PlanStyle.NO_COLOR), "(private → public)\n");
    }

    @Test
    void removingThePrimaryKeyDropsItsConstraintAndIndex() {
        ModuleSchema none = module(b -> b.addTable("person", b.addType("Person", PERSON), t -> t.addAutoInc(0)));
        MigrationPlan plan = MigrationPlanner.plan(person(), none);
        assertEquals(List.of(new RemoveIndex("person", "person_id_idx_btree"),
                new RemoveConstraint("person", "person_id_key"), new ChangePrimaryKey("person")), plan.steps());
        assertFalse(plan.breaksClients());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), "▸ Changed primary key on table person (removed)\n");
    }

    @Test
    void addingAUniqueConstraintIsPlanned() {
        ModuleSchema unique = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.withPrimaryKey(0).addAutoInc(0).addUnique(1)));
        MigrationPlan plan = MigrationPlanner.plan(person(), unique);
        assertContains(plan.steps(), new AddConstraint("person", "person_name_key"));
        assertFalse(plan.breaksClients());
        assertContains(plan.render(PlanStyle.NO_COLOR), "▸ Created unique constraint person_name_key on [name] of table person\n");
    }

    @Test
    void schedulesMayBeAddedAndRemoved() {
        ProductType tick = ProductType.of("scheduled_id", U64, "scheduled_at", SpecialTypes.SCHEDULE_AT);
        ModuleSchema plain = module(b -> {
            TypeRef row = b.addType("Tick", tick);
            b.addTable("tick", row, t -> t.withPrimaryKey(0).addAutoInc(0));
            b.addReducer("on_tick", ProductType.of("arg", row));
        });
        ModuleSchema scheduled = module(b -> {
            TypeRef row = b.addType("Tick", tick);
            b.addTable("tick", row, t -> t.withPrimaryKey(0).addAutoInc(0));
            b.addReducer("on_tick", ProductType.of("arg", row));
            b.addSchedule("tick", 1, "on_tick");
        });
        MigrationPlan add = MigrationPlanner.plan(plain, scheduled);
        assertEquals(List.of(new AddSchedule("tick", "tick_sched")), add.steps());
        assertEndsWith(add.render(PlanStyle.NO_COLOR), "▸ Created schedule for table tick calling reducer on_tick\n");
        assertEquals(List.of(new RemoveSchedule("tick", "tick_sched")), MigrationPlanner.plan(scheduled, plain).steps());
    }

    @Test
    void removingATableBreaksClients() {
        ModuleSchema two = person(b -> b.addTable("pet", b.addType("Pet", ProductType.of("id", U32)), t -> {
        }));
        MigrationPlan plan = MigrationPlanner.plan(two, person());
        assertEquals(List.of(new RemoveTable("pet"), new DisconnectAllUsers()), plan.steps());
        assertEndsWith(plan.render(PlanStyle.NO_COLOR), "▸ Removed table: pet\n\n"
                + "!!! Warning: All clients will be disconnected due to breaking schema changes\n");
    }

    @Test
    void changingRowLevelSecurityBreaksClientsAndKeepingItDoesNot() {
        ModuleSchema rls = person(b -> b.addRowLevelSecurity("SELECT * FROM person WHERE id = 1"));
        MigrationPlan added = MigrationPlanner.plan(person(), rls);
        assertTrue(added.breaksClients());
        assertContains(added.render(PlanStyle.NO_COLOR), "▸ Created row level security policy:\n"
                + "    `SELECT * FROM person WHERE id = 1`\n");
        MigrationPlan same = MigrationPlanner.plan(rls, rls);
        assertFalse(same.breaksClients());
        assertFalse(same.render(PlanStyle.NO_COLOR).contains("row level security"));
    }

    @Test
    void changingTheEventFlagIsRefused() {
        ModuleSchema event = module(b -> b.addTable("person", b.addType("Person", PERSON),
                t -> t.withPrimaryKey(0).addAutoInc(0).withEvent(true)));
        assertEquals(List.of("Changing the event flag of table person requires a manual migration"), refusals(person(), event));
    }

    @Test
    void eventTablesMayChangeColumnsButBreakClients() {
        ModuleSchema before = module(b -> b.addTable("ping", b.addType("Ping", ProductType.of("n", U8)),
                t -> t.withEvent(true)));
        ModuleSchema after = module(b -> b.addTable("ping", b.addType("Ping", ProductType.of("n", U64, "s", STRING)),
                t -> t.withEvent(true)));
        MigrationPlan plan = MigrationPlanner.plan(before, after);
        assertEquals(List.of(new MigrationStep.ReschemaEventTable("ping"), new DisconnectAllUsers()), plan.steps());
    }

    @Test
    void removalsComeBeforeAdditionsAndTheWarningLast() {
        ModuleSchema from = person(b -> b.addTable("old", b.addType("Old", ProductType.of("id", U32)), t -> {
        }));
        ModuleSchema to = person(b -> b.addTable("fresh", b.addType("Fresh", ProductType.of("id", U32)), t -> {
        }));
        MigrationPlan plan = MigrationPlanner.plan(from, to);
        assertEquals(List.of(new RemoveTable("old"), new AddTable("fresh"), new DisconnectAllUsers()), plan.steps());
    }

    @Test
    void ansiColourUsesTheTerminalEscapes() {
        String text = MigrationPlanner.plan(person(), person(b -> b.addTable("pet",
                b.addType("Pet", ProductType.of("id", U32)), t -> {
                }))).render(PlanStyle.ANSI_COLOR);
        assertContains(text, "\u001b[0m\u001b[1m\u001b[34mDatabase Migration Plan\u001b[0m\n");
        assertContains(text, "▸ \u001b[0m\u001b[1m\u001b[32mCreated\u001b[0m user table: "
                + "\u001b[0m\u001b[1m\u001b[36mpet\u001b[0m (\u001b[0m\u001b[32mpublic\u001b[0m)\n");
        assertContains(text, "• id: \u001b[0m\u001b[35mU32\u001b[0m\n");
    }

    private static ModuleSchema withView(boolean anonymous, boolean keyed) {
        return module(b -> {
            TypeRef row = b.addType("Person", PERSON);
            b.addTable("person", row, t -> t.withPrimaryKey(0).addAutoInc(0));
            b.addView("everyone", anonymous, new dev.lightcone.sats.ArrayType(row));
            if (keyed) {
                b.addViewPrimaryKey("everyone", "id");
            }
        });
    }

    @Test
    void viewsAreAddedAndUpdatedCompatiblyAndRemovedOrReshapedBreakingClients() {
        MigrationPlan same = MigrationPlanner.plan(withView(true, false), withView(true, false));
        assertEquals(List.of(new MigrationStep.UpdateView("everyone")), same.steps());
        assertFalse(same.breaksClients());
        assertFalse(same.render(PlanStyle.NO_COLOR).contains("everyone"), "UpdateView is not printed");

        MigrationPlan added = MigrationPlanner.plan(person(), withView(true, false));
        assertEquals(List.of(new MigrationStep.AddView("everyone")), added.steps());
        assertFalse(added.breaksClients());
        assertEndsWith(added.render(PlanStyle.NO_COLOR), "▸ ▸ Created anonymous view: everyone\n    Columns:\n"
                + "        • id: U64\n        • name: String\n\n");

        MigrationPlan removed = MigrationPlanner.plan(withView(true, false), person());
        assertEquals(List.of(new MigrationStep.RemoveView("everyone"), new DisconnectAllUsers()), removed.steps());

        MigrationPlan reshaped = MigrationPlanner.plan(withView(true, false), withView(false, false));
        assertEquals(List.of(new MigrationStep.RemoveView("everyone"), new MigrationStep.AddView("everyone"),
                new DisconnectAllUsers()), reshaped.steps());
        assertTrue(MigrationPlanner.plan(withView(true, false), withView(true, true)).breaksClients(),
                "a new view primary key breaks clients");
    }
}

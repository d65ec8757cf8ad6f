package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.SequenceSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides an automatic migration the way SpacetimeDB's {@code ponder_auto_migrate} does (semantics.md §11):
 * tables, views, indexes, sequences and constraints are matched by canonical name and compared; the result is
 * a plan, or every reason it is refused. Deterministic: everything is visited in definition order.
 */
public final class MigrationPlanner {
    private final ModuleSchema from;
    private final ModuleSchema to;
    private final List<MigrationStep> steps = new ArrayList<>();
    private final List<MigrationPrecheck> prechecks = new ArrayList<>();
    private final List<MigrationError> errors = new ArrayList<>();

    private MigrationPlanner(ModuleSchema from, ModuleSchema to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Plans the migration from {@code from} (the running module) to {@code to}.
     *
     * @throws MigrationRefusedException with every reason, if the change needs a manual migration
     */
    public static MigrationPlan plan(ModuleSchema from, ModuleSchema to) {
        MigrationPlanner p = new MigrationPlanner(from, to);
        p.views();
        p.sqlViews();
        Set<String> added = new HashSet<>();
        Set<String> removed = new HashSet<>();
        p.tables(added, removed);
        p.indexes(added, removed);
        p.sequences(added, removed);
        p.constraints(added, removed);
        p.rowLevelSecurity();
        if (!p.errors.isEmpty()) {
            throw new MigrationRefusedException(dedupe(p.errors));
        }
        List<MigrationStep> sorted = new ArrayList<>(p.steps);
        sorted.sort(Comparator.comparingInt(MigrationStep::rank).thenComparing(MigrationStep::sortKey));
        return new MigrationPlan(from, to, p.prechecks, sorted);
    }

    private void disconnectAll() {
        if (steps.stream().noneMatch(MigrationStep::disconnectsClients)) {
            steps.add(new MigrationStep.DisconnectAllUsers());
        }
    }

    // ---------------------------------------------------------------- views

    private void views() {
        Map<String, ViewSchema> olds = byName(from.views(), ViewSchema::name);
        Map<String, ViewSchema> news = byName(to.views(), ViewSchema::name);
        for (ViewSchema old : olds.values()) {
            ViewSchema next = news.get(old.name());
            if (next == null) {
                // Views hold no state of their own: removing one only breaks the clients that read it.
                steps.add(new MigrationStep.RemoveView(old.name()));
                disconnectAll();
                continue;
            }
            if (old.isPublic() != next.isPublic()) {
                steps.add(new MigrationStep.ChangeAccess(old.name()));
            }
            boolean incompatible = old.isAnonymous() != next.isAnonymous()
                    || !old.primaryKey().equals(next.primaryKey())
                    || !viewColumnsCompatible(old.name(), old.rowType(), next.rowType());
            if (incompatible) {
                steps.add(new MigrationStep.AddView(old.name()));
                steps.add(new MigrationStep.RemoveView(old.name()));
                disconnectAll();
            } else {
                steps.add(new MigrationStep.UpdateView(old.name()));
            }
        }
        for (ViewSchema next : news.values()) {
            if (!olds.containsKey(next.name())) {
                steps.add(new MigrationStep.AddView(next.name()));
            }
        }
    }

    /** A view's columns may change only in ways its rows can be re-read with: same names, places and upgradable types. */
    private static boolean viewColumnsCompatible(String view, ProductType old, ProductType next) {
        if (old.elements().size() != next.elements().size()) {
            return false;
        }
        for (int i = 0; i < old.elements().size(); i++) {
            ProductType.Element o = old.elements().get(i);
            int at = next.indexOf(o.name().orElse(""));
            if (at != i) {
                return false;
            }
            List<MigrationError> scratch = new ArrayList<>();
            upgradable(scratch, false, view, o.name().orElse(""), o.type(), next.elements().get(i).type());
            if (!scratch.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Lightcone's SQL views follow the same rules: removing one breaks clients, a new row type re-creates it. */
    private void sqlViews() {
        Map<String, SqlViewSchema> olds = byName(from.sqlViews(), SqlViewSchema::name);
        Map<String, SqlViewSchema> news = byName(to.sqlViews(), SqlViewSchema::name);
        for (SqlViewSchema old : olds.values()) {
            SqlViewSchema next = news.get(old.name());
            if (next == null) {
                steps.add(new MigrationStep.RemoveView(old.name()));
                disconnectAll();
                continue;
            }
            if (old.isPublic() != next.isPublic()) {
                steps.add(new MigrationStep.ChangeAccess(old.name()));
            }
            if (!old.rowType().equals(next.rowType())) {
                steps.add(new MigrationStep.AddView(old.name()));
                steps.add(new MigrationStep.RemoveView(old.name()));
                disconnectAll();
            } else {
                steps.add(new MigrationStep.UpdateView(old.name()));
            }
        }
        for (SqlViewSchema next : news.values()) {
            if (!olds.containsKey(next.name())) {
                steps.add(new MigrationStep.AddView(next.name()));
            }
        }
    }

    // ---------------------------------------------------------------- tables

    private void tables(Set<String> added, Set<String> removed) {
        Map<String, TableSchema> olds = byName(from.tables(), TableSchema::name);
        Map<String, TableSchema> news = byName(to.tables(), TableSchema::name);
        for (TableSchema old : olds.values()) {
            if (!news.containsKey(old.name())) {
                steps.add(new MigrationStep.RemoveTable(old.name()));
                removed.add(old.name());
                disconnectAll();
            }
        }
        for (TableSchema next : news.values()) {
            if (!olds.containsKey(next.name())) {
                steps.add(new MigrationStep.AddTable(next.name()));
                added.add(next.name());
            }
        }
        for (TableSchema old : olds.values()) {
            TableSchema next = news.get(old.name());
            if (next != null) {
                table(old, next);
            }
        }
    }

    private void table(TableSchema old, TableSchema next) {
        String name = old.name();
        boolean eventFlagOk = old.isEvent() == next.isEvent();
        if (!eventFlagOk) {
            errors.add(MigrationError.changeEventFlag(name));
        }
        boolean isEvent = old.isEvent();
        if (old.isPublic() != next.isPublic()) {
            steps.add(new MigrationStep.ChangeAccess(name));
        }
        if (!old.primaryKey().equals(next.primaryKey())) {
            steps.add(new MigrationStep.ChangePrimaryKey(name));
        }
        if (!old.sourceName().equals(next.sourceName())) {
            steps.add(new MigrationStep.ChangeTableAccessorName(name));
        }
        if (!old.schedule().equals(next.schedule())) {
            old.schedule().ifPresent(s -> steps.add(new MigrationStep.RemoveSchedule(name, s.name())));
            next.schedule().ifPresent(s -> steps.add(new MigrationStep.AddSchedule(name, s.name())));
        }
        int errorsBefore = errors.size();
        boolean typesChanged = false;
        boolean eventSchemaChanged = false;
        List<ColumnSchema> addedColumns = new ArrayList<>();
        for (ColumnSchema oc : old.columns()) {
            Optional<ColumnSchema> nc = next.column(oc.name());
            if (nc.isEmpty()) {
                if (isEvent) {
                    eventSchemaChanged = true;
                } else {
                    errors.add(MigrationError.removeColumn(name, oc.name()));
                }
                continue;
            }
            List<MigrationError> typeErrors = new ArrayList<>();
            boolean changed = upgradable(typeErrors, false, name, oc.name(), oc.type(), nc.get().type());
            if (isEvent) {
                eventSchemaChanged |= !typeErrors.isEmpty() || changed || oc.colId() != nc.get().colId();
                continue;
            }
            errors.addAll(typeErrors);
            typesChanged |= changed;
            if (oc.colId() != nc.get().colId()) {
                errors.add(MigrationError.reorderTable(name));
            }
        }
        for (ColumnSchema nc : next.columns()) {
            if (old.column(nc.name()).isPresent()) {
                continue;
            }
            if (isEvent) {
                eventSchemaChanged = true;
            } else if (next.defaultValues().containsKey(nc.colId())) {
                addedColumns.add(nc);
            } else {
                errors.add(MigrationError.addColumn(name, nc.name()));
            }
        }
        if (errors.size() > errorsBefore || !eventFlagOk) {
            return;
        }
        if (eventSchemaChanged) {
            disconnectAll();
            steps.add(new MigrationStep.ReschemaEventTable(name));
        } else if (!addedColumns.isEmpty()) {
            // Adding columns rewrites the table's rows, which makes a separate ChangeColumns moot.
            disconnectAll();
            steps.add(new MigrationStep.AddColumns(name, addedColumns));
        } else if (typesChanged) {
            steps.add(new MigrationStep.ChangeColumns(name));
        }
    }

    /**
     * Whether values of {@code old} can be read as {@code next}: sums may gain variants at the end (same names,
     * same layout), products keep their fields (same names), everything else must be equal. Records every
     * violation in {@code out}; returns true if the type changed at all.
     */
    static boolean upgradable(List<MigrationError> out, boolean within, String table, String column,
            AlgebraicType old, AlgebraicType next) {
        if (old instanceof SumType os && next instanceof SumType ns) {
            boolean changed = false;
            if (os.variants().size() < ns.variants().size()) {
                changed = true;
            } else if (os.variants().size() > ns.variants().size()) {
                out.add(typeError(within, table, column, old, next, ", with fewer variants, requires a manual migration"));
            }
            for (int i = 0; i < Math.min(os.variants().size(), ns.variants().size()); i++) {
                SumType.Variant o = os.variants().get(i);
                SumType.Variant n = ns.variants().get(i);
                changed |= upgradable(out, true, table, column, o.type(), n.type());
                if (!o.name().equals(n.name())) {
                    out.add(typeError(within, table, column, old, next,
                            ", with a renamed variant, requires a manual migration"));
                }
            }
            StorageLayout ol = StorageLayout.of(os);
            StorageLayout nl = StorageLayout.of(ns);
            if (ol.size() != nl.size()) {
                out.add(typeError(within, table, column, old, next, ", requires a manual migration, due to size mismatch"));
            }
            if (ol.align() != nl.align()) {
                out.add(typeError(within, table, column, old, next,
                        ", requires a manual migration, due to alignment mismatch"));
            }
            return changed;
        }
        if (old instanceof ProductType op && next instanceof ProductType np) {
            if (op.elements().size() != np.elements().size()) {
                out.add(typeError(within, table, column, old, next, ", with fewer fields, requires a manual migration"));
            }
            boolean changed = false;
            for (int i = 0; i < Math.min(op.elements().size(), np.elements().size()); i++) {
                ProductType.Element o = op.elements().get(i);
                ProductType.Element n = np.elements().get(i);
                changed |= upgradable(out, true, table, column, o.type(), n.type());
                if (!o.name().equals(n.name())) {
                    out.add(typeError(within, table, column, old, next,
                            ", with a renamed field, requires a manual migration"));
                }
            }
            return changed;
        }
        if (old instanceof ArrayType oa && next instanceof ArrayType na) {
            return upgradable(out, true, table, column, oa.elementType(), na.elementType());
        }
        if (old.equals(next)) {
            return false;
        }
        out.add(typeError(within, table, column, old, next, " requires a manual migration"));
        return false;
    }

    private static MigrationError typeError(boolean within, String table, String column, AlgebraicType old,
            AlgebraicType next, String tail) {
        return MigrationError.changeColumnType(within, table, column, TypeText.of(old), TypeText.of(next), tail);
    }

    // ---------------------------------------------------------------- indexes, sequences, constraints

    /** A sub-object of a table, with the table it belongs to. */
    private record Owned<T>(String table, T item) {
    }

    private void indexes(Set<String> added, Set<String> removed) {
        Map<String, Owned<IndexSchema>> olds = owned(from, TableSchema::indexes, IndexSchema::name);
        Map<String, Owned<IndexSchema>> news = owned(to, TableSchema::indexes, IndexSchema::name);
        olds.forEach((name, o) -> {
            if (!news.containsKey(name) && !removed.contains(o.table())) {
                steps.add(new MigrationStep.RemoveIndex(o.table(), name));
            }
        });
        news.forEach((name, n) -> {
            if (!olds.containsKey(name) && !added.contains(n.table())) {
                steps.add(new MigrationStep.AddIndex(n.table(), name));
            }
        });
        olds.forEach((name, o) -> {
            Owned<IndexSchema> n = news.get(name);
            if (n == null) {
                return;
            }
            IndexSchema oi = o.item();
            IndexSchema ni = n.item();
            if (!Objects.equals(oi.accessorName(), ni.accessorName())) {
                errors.add(MigrationError.changeIndexAccessor(name, oi.accessorName(), ni.accessorName()));
            } else if (oi.algorithm() != ni.algorithm() || !oi.columns().equals(ni.columns())) {
                steps.add(new MigrationStep.RemoveIndex(o.table(), name));
                steps.add(new MigrationStep.AddIndex(n.table(), name));
            } else if (!oi.sourceName().equals(ni.sourceName())) {
                steps.add(new MigrationStep.ChangeIndexSourceName(n.table(), name));
            }
        });
    }

    private void sequences(Set<String> added, Set<String> removed) {
        Map<String, Owned<SequenceSchema>> olds = owned(from, TableSchema::sequences, SequenceSchema::name);
        Map<String, Owned<SequenceSchema>> news = owned(to, TableSchema::sequences, SequenceSchema::name);
        olds.forEach((name, o) -> {
            if (!news.containsKey(name) && !removed.contains(o.table())) {
                steps.add(new MigrationStep.RemoveSequence(o.table(), name));
            }
        });
        news.forEach((name, n) -> {
            Owned<SequenceSchema> o = olds.get(name);
            if (o != null) {
                if (!o.item().equals(n.item())) {
                    prechecks.add(new MigrationPrecheck.SequenceRangeFree(n.table(), name));
                    steps.add(new MigrationStep.RemoveSequence(n.table(), name));
                    steps.add(new MigrationStep.AddSequence(n.table(), name));
                }
            } else if (!added.contains(n.table())) {
                prechecks.add(new MigrationPrecheck.SequenceRangeFree(n.table(), name));
                steps.add(new MigrationStep.AddSequence(n.table(), name));
            }
        });
    }

    private void constraints(Set<String> added, Set<String> removed) {
        Map<String, Owned<UniqueConstraintSchema>> olds = owned(from, TableSchema::uniqueConstraints,
                UniqueConstraintSchema::name);
        Map<String, Owned<UniqueConstraintSchema>> news = owned(to, TableSchema::uniqueConstraints,
                UniqueConstraintSchema::name);
        news.forEach((name, n) -> {
            if (!olds.containsKey(name) && !added.contains(n.table())) {
                // Accepted when the current rows have no duplicates; applying the plan checks that.
                steps.add(new MigrationStep.AddConstraint(n.table(), name));
            }
        });
        olds.forEach((name, o) -> {
            if (!news.containsKey(name) && !removed.contains(o.table())) {
                steps.add(new MigrationStep.RemoveConstraint(o.table(), name));
            }
        });
        news.forEach((name, n) -> {
            Owned<UniqueConstraintSchema> o = olds.get(name);
            if (o != null && !o.item().equals(n.item())) {
                errors.add(MigrationError.changeUniqueConstraint(name));
            }
        });
    }

    // ---------------------------------------------------------------- row-level security

    /** Filters may refer to any table, so all old ones are removed and all new ones added; a changed set breaks clients. */
    private void rowLevelSecurity() {
        for (String sql : from.rowLevelSecurity()) {
            steps.add(new MigrationStep.RemoveRowLevelSecurity(sql));
        }
        for (String sql : to.rowLevelSecurity()) {
            steps.add(new MigrationStep.AddRowLevelSecurity(sql));
        }
        if (!new HashSet<>(from.rowLevelSecurity()).equals(new HashSet<>(to.rowLevelSecurity()))) {
            disconnectAll();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static <T> Map<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : items) {
            out.put(name.apply(t), t);
        }
        return out;
    }

    private static <T> Map<String, Owned<T>> owned(ModuleSchema module,
            java.util.function.Function<TableSchema, List<T>> items, java.util.function.Function<T, String> name) {
        Map<String, Owned<T>> out = new LinkedHashMap<>();
        for (TableSchema t : module.tables()) {
            for (T item : items.apply(t)) {
                out.put(name.apply(item), new Owned<>(t.name(), item));
            }
        }
        return out;
    }

    private static List<MigrationError> dedupe(List<MigrationError> errors) {
        return List.copyOf(new LinkedHashSet<>(errors));
    }
}

package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.moduledef.v10.ExplicitNameEntry;
import dev.lightcone.sats.moduledef.v10.ExplicitNames;
import dev.lightcone.sats.moduledef.v10.RawColumnDefaultValueV10;
import dev.lightcone.sats.moduledef.v10.RawConstraintDefV10;
import dev.lightcone.sats.moduledef.v10.RawIndexDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawScopedTypeNameV10;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import dev.lightcone.sats.moduledef.v10.RawSequenceDefV10;
import dev.lightcone.sats.moduledef.v10.RawTableDefV10;
import dev.lightcone.sats.moduledef.v10.RawTypeDefV10;
import dev.lightcone.sats.moduledef.v10.RawViewDefV10;
import dev.lightcone.sats.moduledef.v9.RawMiscModuleExportV9;
import dev.lightcone.sats.moduledef.v9.RawModuleDefV9;
import dev.lightcone.sats.moduledef.v9.RawReducerDefV9;
import dev.lightcone.sats.moduledef.v9.RawScheduleDefV9;
import dev.lightcone.sats.moduledef.v9.RawTableDefV9;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The module definition the schema route serves: rebuilt from the <em>validated</em> schema, as upstream
 * serves its validated {@code ModuleDef}, not the raw sections the module sent.
 *
 * <p>V10 keeps the module's sections in their order, with the validated typespace (names after the case
 * policy: snake_case columns, camelCase sum variants), the validated type names, and an {@code ExplicitNames}
 * section that is always present and maps every table, reducer, procedure and view to its canonical name (the
 * module's own index entries are kept). V9 is converted from it the way upstream converts a validated
 * definition: canonical table and function names, generated index, constraint, sequence and schedule names,
 * lifecycles on the reducers, procedures, views and column defaults as misc exports.
 */
public final class ServedModuleDef {
    private ServedModuleDef() {
    }

    /** The served definition of {@code schema} in {@code version} (9 or 10), as a value of its raw type. */
    public static AlgebraicValue value(ModuleSchema schema, int version) {
        byte[] bytes = switch (version) {
            case 10 -> v10(schema).toBytes();
            case 9 -> v9(schema).toBytes();
            default -> throw new IllegalArgumentException("no module definition version " + version);
        };
        return ModuleDefDecoder.decode(bytes).value();
    }

    /** The module's definition as V10, whatever version it was published in. */
    private static RawModuleDefV10 raw10(ModuleSchema schema) {
        RawModuleDef raw = schema.raw();
        return raw.version() == 10 ? RawModuleDefV10.from(raw) : RawModuleDefV9.from(raw).toV10();
    }

    /** The served V10 definition. */
    public static RawModuleDefV10 v10(ModuleSchema schema) {
        RawModuleDefV10 raw = raw10(schema);
        List<RawSectionV10> sections = new ArrayList<>();
        boolean named = false;
        for (RawSectionV10 s : raw.sections()) {
            if (s instanceof RawSectionV10.TypespaceSection) {
                sections.add(new RawSectionV10.TypespaceSection(schema.typespace()));
            } else if (s instanceof RawSectionV10.TypesSection) {
                sections.add(new RawSectionV10.TypesSection(types(raw, schema)));
            } else if (s instanceof RawSectionV10.ExplicitNamesSection) {
                if (!named) {
                    sections.add(new RawSectionV10.ExplicitNamesSection(explicitNames(raw, schema)));
                    named = true;
                }
            } else {
                sections.add(s);
            }
        }
        if (!named) {
            sections.add(new RawSectionV10.ExplicitNamesSection(explicitNames(raw, schema)));
        }
        return new RawModuleDefV10(sections);
    }

    /** The named types under their validated names (the validator keeps them in definition order). */
    private static List<RawTypeDefV10> types(RawModuleDefV10 raw, ModuleSchema schema) {
        List<RawTypeDefV10> out = new ArrayList<>();
        List<RawTypeDefV10> emitted = raw.types();
        for (int i = 0; i < emitted.size(); i++) {
            RawTypeDefV10 t = emitted.get(i);
            String name = i < schema.types().size() ? schema.types().get(i).name() : t.sourceName().sourceName();
            out.add(new RawTypeDefV10(new RawScopedTypeNameV10(t.sourceName().scope(), name), t.ty(),
                    t.customOrdering()));
        }
        return out;
    }

    private static ExplicitNames explicitNames(RawModuleDefV10 raw, ModuleSchema schema) {
        List<ExplicitNameEntry> entries = new ArrayList<>();
        for (TableSchema t : schema.tables()) {
            entries.add(new ExplicitNameEntry(ExplicitNameEntry.Kind.TABLE, t.sourceName(), t.name()));
        }
        for (ReducerSchema r : schema.reducers()) {
            entries.add(new ExplicitNameEntry(ExplicitNameEntry.Kind.FUNCTION, r.sourceName(), r.name()));
        }
        for (ProcedureSchema p : schema.procedures()) {
            entries.add(new ExplicitNameEntry(ExplicitNameEntry.Kind.FUNCTION, p.sourceName(), p.name()));
        }
        for (ViewSchema v : schema.views()) {
            entries.add(new ExplicitNameEntry(ExplicitNameEntry.Kind.FUNCTION, v.sourceName(), v.name()));
        }
        for (ExplicitNameEntry e : raw.explicitNames().entries()) {
            if (e.kind() == ExplicitNameEntry.Kind.INDEX) {
                entries.add(e);
            }
        }
        return new ExplicitNames(entries);
    }

    /** The served V9 definition. */
    public static RawModuleDefV9 v9(ModuleSchema schema) {
        RawModuleDefV10 served = v10(schema);
        List<RawTableDefV10> rawTables = served.tables();
        List<RawTableDefV9> tables = new ArrayList<>();
        List<RawMiscModuleExportV9> misc = new ArrayList<>();
        for (int i = 0; i < rawTables.size(); i++) {
            RawTableDefV10 raw = rawTables.get(i);
            TableSchema t = schema.tables().get(i);
            tables.add(table(raw, t));
            Map<Integer, byte[]> defaults = new TreeMap<>();
            raw.defaultValues().forEach(d -> defaults.put(d.colId(), d.value()));
            defaults.forEach((col, value) -> misc.add(new RawMiscModuleExportV9.ColumnDefaultValue(t.name(),
                    new RawColumnDefaultValueV10(col, value))));
        }
        List<RawReducerDefV9> reducers = new ArrayList<>();
        for (ReducerSchema r : schema.reducers()) {
            reducers.add(new RawReducerDefV9(r.name(), r.params(), r.lifecycle()));
        }
        for (ProcedureSchema p : schema.procedures()) {
            misc.add(new RawMiscModuleExportV9.Procedure(p.name(), p.params(), p.returnType()));
        }
        for (ViewSchema v : schema.views()) {
            RawViewDefV10 raw = served.views().stream().filter(r -> r.sourceName().equals(v.sourceName()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("view " + v.name() + " not in the raw definition"));
            misc.add(new RawMiscModuleExportV9.View(new RawViewDefV10(v.name(), raw.index(), raw.isPublic(),
                    raw.isAnonymous(), raw.params(), raw.returnType())));
        }
        return new RawModuleDefV9(schema.typespace(), tables, reducers, served.types(), misc,
                served.rowLevelSecurity());
    }

    /** One table under its canonical name, with its validated index, constraint, sequence and schedule names. */
    private static RawTableDefV9 table(RawTableDefV10 raw, TableSchema t) {
        if (!raw.sourceName().equals(t.sourceName())) {
            throw new IllegalStateException("table " + t.name() + " is not in definition order");
        }
        List<RawIndexDefV10> indexes = new ArrayList<>();
        for (int i = 0; i < raw.indexes().size(); i++) {
            RawIndexDefV10 r = raw.indexes().get(i);
            indexes.add(new RawIndexDefV10(Optional.of(t.indexes().get(i).name()), r.accessorName(), r.algorithm()));
        }
        List<RawConstraintDefV10> constraints = new ArrayList<>();
        for (int i = 0; i < raw.constraints().size(); i++) {
            constraints.add(new RawConstraintDefV10(Optional.of(t.uniqueConstraints().get(i).name()),
                    raw.constraints().get(i).columns()));
        }
        List<RawSequenceDefV10> sequences = new ArrayList<>();
        for (int i = 0; i < raw.sequences().size(); i++) {
            RawSequenceDefV10 s = raw.sequences().get(i);
            sequences.add(new RawSequenceDefV10(Optional.of(t.sequences().get(i).name()), s.column(), s.start(),
                    s.minValue(), s.maxValue(), s.increment()));
        }
        Optional<RawScheduleDefV9> schedule = t.schedule().map(s -> new RawScheduleDefV9(Optional.of(s.name()),
                s.functionName(), s.scheduleAtColumn()));
        return new RawTableDefV9(t.name(), raw.productTypeRef(), raw.primaryKey(), indexes, constraints, sequences,
                schedule, raw.tableType(), raw.tableAccess());
    }
}

package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.moduledef.GeneratedNames;
import dev.lightcone.sats.moduledef.RawIndexAlgorithm;
import dev.lightcone.sats.moduledef.v10.CaseConversionPolicy;
import dev.lightcone.sats.moduledef.v10.ExplicitNameEntry;
import dev.lightcone.sats.moduledef.v10.ExplicitNames;
import dev.lightcone.sats.moduledef.v10.FunctionVisibility;
import dev.lightcone.sats.moduledef.v10.RawColumnDefaultValueV10;
import dev.lightcone.sats.moduledef.v10.RawIndexDefV10;
import dev.lightcone.sats.moduledef.v10.RawLifeCycleReducerDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawProcedureDefV10;
import dev.lightcone.sats.moduledef.v10.RawReducerDefV10;
import dev.lightcone.sats.moduledef.v10.RawScheduleDefV10;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import dev.lightcone.sats.moduledef.v10.RawTableDefV10;
import dev.lightcone.sats.moduledef.v10.RawViewDefV10;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restates a V9 definition as the V10 definition with the same meaning, so one validator serves both:
 * case policy None (V9 names are verbatim); a named index keeps its name through an explicit index name,
 * an unnamed one gets the generated name; the table's schedule becomes a Schedules entry; a reducer's
 * lifecycle becomes a LifeCycleReducers entry (and the reducer Private); misc exports become default
 * values, procedures and views. Default values for a table the definition does not have are dropped.
 */
final class V9ToV10 {
    private V9ToV10() {
    }

    static RawModuleDefV10 convert(RawModuleDefV9 v9) {
        List<ExplicitNameEntry> indexNames = new ArrayList<>();
        List<RawTableDefV10> tables = new ArrayList<>();
        List<RawScheduleDefV10> schedules = new ArrayList<>();
        for (RawTableDefV9 t : v9.tables()) {
            tables.add(table(v9, t, indexNames));
            t.schedule().ifPresent(s -> schedules.add(
                    new RawScheduleDefV10(s.name(), t.name(), s.scheduledAtColumn(), s.reducerName())));
        }
        List<RawReducerDefV10> reducers = new ArrayList<>();
        List<RawLifeCycleReducerDefV10> lifecycles = new ArrayList<>();
        for (RawReducerDefV9 r : v9.reducers()) {
            FunctionVisibility visibility = r.lifecycle().isPresent()
                    ? FunctionVisibility.PRIVATE : FunctionVisibility.CLIENT_CALLABLE;
            reducers.add(RawReducerDefV10.of(r.name(), r.params(), visibility));
            r.lifecycle().ifPresent(l -> lifecycles.add(new RawLifeCycleReducerDefV10(l, r.name())));
        }
        List<RawProcedureDefV10> procedures = new ArrayList<>();
        List<RawViewDefV10> views = new ArrayList<>();
        for (RawMiscModuleExportV9 e : v9.miscExports()) {
            if (e instanceof RawMiscModuleExportV9.Procedure p) {
                procedures.add(new RawProcedureDefV10(p.name(), p.params(), p.returnType(),
                        FunctionVisibility.CLIENT_CALLABLE));
            } else if (e instanceof RawMiscModuleExportV9.View v) {
                views.add(v.view());
            }
        }
        return new RawModuleDefV10(List.of(
                new RawSectionV10.TypespaceSection(v9.typespace()),
                new RawSectionV10.TypesSection(v9.types()),
                new RawSectionV10.TablesSection(tables),
                new RawSectionV10.ReducersSection(reducers),
                new RawSectionV10.ProceduresSection(procedures),
                new RawSectionV10.ViewsSection(views),
                new RawSectionV10.SchedulesSection(schedules),
                new RawSectionV10.LifeCycleReducersSection(lifecycles),
                new RawSectionV10.RowLevelSecuritySection(v9.rowLevelSecurity()),
                new RawSectionV10.CaseConversionPolicySection(CaseConversionPolicy.NONE),
                new RawSectionV10.ExplicitNamesSection(new ExplicitNames(indexNames))));
    }

    private static RawTableDefV10 table(RawModuleDefV9 v9, RawTableDefV9 t, List<ExplicitNameEntry> indexNames) {
        List<RawIndexDefV10> indexes = new ArrayList<>();
        for (RawIndexDefV10 i : t.indexes()) {
            String name = i.sourceName().orElseGet(() -> generatedIndexName(v9, t, i.algorithm()));
            indexNames.add(new ExplicitNameEntry(ExplicitNameEntry.Kind.INDEX, name, name));
            indexes.add(new RawIndexDefV10(Optional.of(name), i.accessorName(), i.algorithm()));
        }
        List<RawColumnDefaultValueV10> defaults = new ArrayList<>();
        for (RawMiscModuleExportV9 e : v9.miscExports()) {
            if (e instanceof RawMiscModuleExportV9.ColumnDefaultValue d && d.table().equals(t.name())) {
                defaults.add(d.value());
            }
        }
        return new RawTableDefV10(t.name(), t.productTypeRef(), t.primaryKey(), indexes, t.constraints(),
                t.sequences(), t.tableType(), t.tableAccess(), defaults, false);
    }

    /** The V9 generated index name, from verbatim column names ({@code col_<n>} when unknown). */
    private static String generatedIndexName(RawModuleDefV9 v9, RawTableDefV9 t, RawIndexAlgorithm algorithm) {
        List<String> columns = new ArrayList<>();
        ProductType row = rowType(v9, t);
        for (int c : algorithm.columns()) {
            String name = row != null && c < row.size() ? row.elements().get(c).name().orElse(null) : null;
            columns.add(name != null ? name : GeneratedNames.unnamedColumn(c));
        }
        return GeneratedNames.index(t.name(), columns, algorithm.algorithm());
    }

    private static ProductType rowType(RawModuleDefV9 v9, RawTableDefV9 t) {
        try {
            AlgebraicType row = v9.typespace().resolve(new TypeRef(t.productTypeRef()));
            return row instanceof ProductType p ? p : null;
        } catch (IllegalArgumentException e) {
            // A dangling or cyclic row type is reported by the validator; the name just falls back.
            return null;
        }
    }
}

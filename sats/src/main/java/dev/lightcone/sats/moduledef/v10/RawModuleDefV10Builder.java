package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.moduledef.GeneratedNames;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.RawIndexAlgorithm;
import dev.lightcone.sats.moduledef.RawModuleDef;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes V10 definitions the way the Rust bindings do (§8.4), for tests here and in other modules:
 * {@code #[primary_key]} and {@code #[unique]} add a unique constraint plus a btree index, lifecycle
 * reducers are Private and listed in LifeCycleReducers, every named type gets a Types entry. Methods
 * taking raw records allow writing definitions the bindings never would, to test validation.
 *
 * <pre>{@code
 * RawModuleDefV10Builder b = new RawModuleDefV10Builder();
 * TypeRef person = b.addType("Person", ProductType.of("id", U64, "name", STRING));
 * b.addTable("person", person, t -> t.withPrimaryKey(0).addAutoInc(0));
 * b.addReducer("add", ProductType.of("name", STRING));
 * byte[] describeModuleOutput = b.toBytes();
 * }</pre>
 */
public final class RawModuleDefV10Builder {
    private final List<AlgebraicType> typespace = new ArrayList<>();
    private final List<RawTypeDefV10> types = new ArrayList<>();
    private final List<RawTableDefV10> tables = new ArrayList<>();
    private final List<RawReducerDefV10> reducers = new ArrayList<>();
    private final List<RawProcedureDefV10> procedures = new ArrayList<>();
    private final List<RawViewDefV10> views = new ArrayList<>();
    private final List<RawScheduleDefV10> schedules = new ArrayList<>();
    private final List<RawLifeCycleReducerDefV10> lifecycles = new ArrayList<>();
    private final List<RawRowLevelSecurityDef> rowLevelSecurity = new ArrayList<>();
    private final List<ExplicitNameEntry> explicitNames = new ArrayList<>();
    private final List<RawViewPrimaryKeyDefV10> viewPrimaryKeys = new ArrayList<>();
    private final List<RawSectionV10> extraSections = new ArrayList<>();
    private Optional<CaseConversionPolicy> casePolicy = Optional.empty();
    private int anonymousViews;
    private int senderViews;

    /** Adds a named user type (a typespace slot plus a Types entry with custom ordering) and returns its ref. */
    public TypeRef addType(String name, AlgebraicType type) {
        TypeRef ref = addTypespaceType(type);
        types.add(new RawTypeDefV10(new RawScopedTypeNameV10(List.of(), name), ref.index(), true));
        return ref;
    }

    /** Adds an unnamed typespace slot and returns its ref. */
    public TypeRef addTypespaceType(AlgebraicType type) {
        typespace.add(type);
        return new TypeRef(typespace.size() - 1);
    }

    /** Adds a raw type definition. */
    public RawModuleDefV10Builder addTypeDef(RawTypeDefV10 typeDef) {
        types.add(typeDef);
        return this;
    }

    /** Adds a public user table with no keys or indexes. */
    public RawModuleDefV10Builder addTable(String name, TypeRef rowType) {
        return addTable(name, rowType, t -> { });
    }

    /** Adds a public user table configured by {@code configure}. */
    public RawModuleDefV10Builder addTable(String name, TypeRef rowType, Consumer<TableBuilder> configure) {
        TableBuilder t = new TableBuilder(name, rowType.index());
        configure.accept(t);
        tables.add(t.build());
        return this;
    }

    /** Adds a raw table. */
    public RawModuleDefV10Builder addTable(RawTableDefV10 table) {
        tables.add(table);
        return this;
    }

    /** Adds a ClientCallable reducer returning unit or a String error. */
    public RawModuleDefV10Builder addReducer(String name, ProductType params) {
        return addReducer(RawReducerDefV10.of(name, params, FunctionVisibility.CLIENT_CALLABLE));
    }

    /** Adds a raw reducer. */
    public RawModuleDefV10Builder addReducer(RawReducerDefV10 reducer) {
        reducers.add(reducer);
        return this;
    }

    /** Adds a Private reducer and assigns it to a lifecycle hook, as the bindings do for {@code init} etc. */
    public RawModuleDefV10Builder addLifecycleReducer(Lifecycle kind, String name, ProductType params) {
        addReducer(RawReducerDefV10.of(name, params, FunctionVisibility.PRIVATE));
        return addLifecycle(kind, name);
    }

    /** Adds a LifeCycleReducers entry only. */
    public RawModuleDefV10Builder addLifecycle(Lifecycle kind, String functionName) {
        lifecycles.add(new RawLifeCycleReducerDefV10(kind, functionName));
        return this;
    }

    /** Adds a ClientCallable procedure. */
    public RawModuleDefV10Builder addProcedure(String name, ProductType params, AlgebraicType returnType) {
        return addProcedure(new RawProcedureDefV10(name, params, returnType, FunctionVisibility.CLIENT_CALLABLE));
    }

    /** Adds a raw procedure. */
    public RawModuleDefV10Builder addProcedure(RawProcedureDefV10 procedure) {
        procedures.add(procedure);
        return this;
    }

    /** Adds a public, parameterless view; its index counts the views of its kind added so far. */
    public RawModuleDefV10Builder addView(String name, boolean anonymous, AlgebraicType returnType) {
        int index = anonymous ? anonymousViews++ : senderViews++;
        return addView(new RawViewDefV10(name, index, true, anonymous, ProductType.UNIT, returnType));
    }

    /** Adds a raw view. */
    public RawModuleDefV10Builder addView(RawViewDefV10 view) {
        views.add(view);
        return this;
    }

    /** Declares a view's primary-key column by name. */
    public RawModuleDefV10Builder addViewPrimaryKey(String view, String column) {
        viewPrimaryKeys.add(new RawViewPrimaryKeyDefV10(view, List.of(column)));
        return this;
    }

    /** Schedules {@code function} from {@code table}, whose column {@code scheduleAtColumn} is the ScheduleAt. */
    public RawModuleDefV10Builder addSchedule(String table, int scheduleAtColumn, String function) {
        schedules.add(new RawScheduleDefV10(Optional.empty(), table, scheduleAtColumn, function));
        return this;
    }

    /** Adds a row-level-security filter. */
    public RawModuleDefV10Builder addRowLevelSecurity(String sql) {
        rowLevelSecurity.add(new RawRowLevelSecurityDef(sql));
        return this;
    }

    /** Emits a CaseConversionPolicy section. */
    public RawModuleDefV10Builder withCaseConversionPolicy(CaseConversionPolicy policy) {
        casePolicy = Optional.of(policy);
        return this;
    }

    /** Adds an ExplicitNames entry. */
    public RawModuleDefV10Builder addExplicitName(ExplicitNameEntry.Kind kind, String source, String canonical) {
        explicitNames.add(new ExplicitNameEntry(kind, source, canonical));
        return this;
    }

    /** Appends a raw section after the ones the builder writes. */
    public RawModuleDefV10Builder addSection(RawSectionV10 section) {
        extraSections.add(section);
        return this;
    }

    /** The definition: Typespace always, then each other non-empty section in tag order (as C++ emits). */
    public RawModuleDefV10 build() {
        List<RawSectionV10> sections = new ArrayList<>();
        sections.add(new RawSectionV10.TypespaceSection(new Typespace(typespace)));
        addIfAny(sections, types, RawSectionV10.TypesSection::new);
        addIfAny(sections, tables, RawSectionV10.TablesSection::new);
        addIfAny(sections, reducers, RawSectionV10.ReducersSection::new);
        addIfAny(sections, procedures, RawSectionV10.ProceduresSection::new);
        addIfAny(sections, views, RawSectionV10.ViewsSection::new);
        addIfAny(sections, schedules, RawSectionV10.SchedulesSection::new);
        addIfAny(sections, lifecycles, RawSectionV10.LifeCycleReducersSection::new);
        addIfAny(sections, rowLevelSecurity, RawSectionV10.RowLevelSecuritySection::new);
        casePolicy.ifPresent(p -> sections.add(new RawSectionV10.CaseConversionPolicySection(p)));
        if (!explicitNames.isEmpty()) {
            sections.add(new RawSectionV10.ExplicitNamesSection(new ExplicitNames(explicitNames)));
        }
        addIfAny(sections, viewPrimaryKeys, RawSectionV10.ViewPrimaryKeysSection::new);
        sections.addAll(extraSections);
        return new RawModuleDefV10(sections);
    }

    private static <T> void addIfAny(List<RawSectionV10> sections, List<T> items,
            Function<List<T>, RawSectionV10> section) {
        if (!items.isEmpty()) {
            sections.add(section.apply(items));
        }
    }

    /** The {@code __describe_module__} bytes of {@link #build()}. */
    public byte[] toBytes() {
        return build().toBytes();
    }

    /** {@link #build()} decoded as a {@link RawModuleDef}, ready for validation. */
    public RawModuleDef toRawModuleDef() {
        return build().toRawModuleDef();
    }

    /** Configures one table; index source names follow the bindings: {@code {table}_{cols}_idx_{algo}}. */
    public final class TableBuilder {
        private final String name;
        private final int rowType;
        private final List<Integer> primaryKey = new ArrayList<>();
        private final List<RawIndexDefV10> indexes = new ArrayList<>();
        private final List<RawConstraintDefV10> constraints = new ArrayList<>();
        private final List<RawSequenceDefV10> sequences = new ArrayList<>();
        private final List<RawColumnDefaultValueV10> defaults = new ArrayList<>();
        private TableAccess access = TableAccess.PUBLIC;
        private boolean event;

        private TableBuilder(String name, int rowType) {
            this.name = name;
            this.rowType = rowType;
        }

        /** {@code #[primary_key]}: primary key, unique constraint and btree index on the column. */
        public TableBuilder withPrimaryKey(int column) {
            primaryKey.add(column);
            return addUnique(column);
        }

        /** Sets {@code primary_key} alone, without the constraint and index the bindings add. */
        public TableBuilder withRawPrimaryKey(Integer... columns) {
            primaryKey.addAll(Arrays.asList(columns));
            return this;
        }

        /** {@code #[unique]}: a unique constraint and a btree index on the column. */
        public TableBuilder addUnique(int column) {
            constraints.add(new RawConstraintDefV10(Optional.empty(), List.of(column)));
            return addBtreeIndex(columnName(column), column);
        }

        /** A unique constraint alone. */
        public TableBuilder addUniqueConstraint(Integer... columns) {
            constraints.add(new RawConstraintDefV10(Optional.empty(), Arrays.asList(columns)));
            return this;
        }

        /** {@code #[auto_inc]}: a sequence with default bounds. */
        public TableBuilder addAutoInc(int column) {
            sequences.add(RawSequenceDefV10.autoInc(column));
            return this;
        }

        /** A raw sequence. */
        public TableBuilder addSequence(RawSequenceDefV10 sequence) {
            sequences.add(sequence);
            return this;
        }

        /** A btree index with this accessor. */
        public TableBuilder addBtreeIndex(String accessor, Integer... columns) {
            return addIndex(accessor, new RawIndexAlgorithm.BTree(Arrays.asList(columns)));
        }

        /** A hash index with this accessor. */
        public TableBuilder addHashIndex(String accessor, Integer... columns) {
            return addIndex(accessor, new RawIndexAlgorithm.Hash(Arrays.asList(columns)));
        }

        /** A direct index with this accessor. */
        public TableBuilder addDirectIndex(String accessor, int column) {
            return addIndex(accessor, new RawIndexAlgorithm.Direct(column));
        }

        private TableBuilder addIndex(String accessor, RawIndexAlgorithm algorithm) {
            List<String> cols = algorithm.columns().stream().map(this::columnName).toList();
            String source = GeneratedNames.index(name, cols, algorithm.algorithm());
            return addIndex(new RawIndexDefV10(Optional.of(source), Optional.of(accessor), algorithm));
        }

        /** A raw index. */
        public TableBuilder addIndex(RawIndexDefV10 index) {
            indexes.add(index);
            return this;
        }

        /** A default value: the BSATN of the value at the column's type. */
        public TableBuilder addDefaultValue(int column, byte[] bsatn) {
            defaults.add(new RawColumnDefaultValueV10(column, bsatn));
            return this;
        }

        /** Public or private. */
        public TableBuilder withAccess(TableAccess tableAccess) {
            access = tableAccess;
            return this;
        }

        /** Marks it an event table. */
        public TableBuilder withEvent(boolean isEvent) {
            event = isEvent;
            return this;
        }

        /** The source name of a column of the row type, or {@code col_<n>} if unknown. */
        private String columnName(int column) {
            if (rowType < typespace.size() && typespace.get(rowType) instanceof ProductType p && column < p.size()) {
                return p.elements().get(column).name().orElse(GeneratedNames.unnamedColumn(column));
            }
            return GeneratedNames.unnamedColumn(column);
        }

        private RawTableDefV10 build() {
            return new RawTableDefV10(name, rowType, primaryKey, indexes, constraints, sequences, TableType.USER, access,
                    defaults, event);
        }
    }
}

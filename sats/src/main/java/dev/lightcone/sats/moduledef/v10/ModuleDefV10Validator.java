package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ArrayType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.moduledef.CaseConversion;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.GeneratedNames;
import dev.lightcone.sats.moduledef.Identifiers;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.Lifecycle;
import dev.lightcone.sats.moduledef.ModuleDefValidationException;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.HttpRouteSchema;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.RawIndexAlgorithm;
import dev.lightcone.sats.moduledef.RawModuleDef;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import dev.lightcone.sats.moduledef.ReducerSchema;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import dev.lightcone.sats.moduledef.SequenceSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableAccess;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.TypeDefSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import dev.lightcone.sats.moduledef.ValidationError;
import dev.lightcone.sats.moduledef.ValidationError.Kind;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Validates a {@link RawModuleDefV10} into a {@link ModuleSchema} (module-abi §8.6, §9.3, §9.4).
 *
 * <p>Every check records its problem and carries on, so one {@link ModuleDefValidationException} reports
 * them all. Names: ExplicitNames first, else the case policy (snake_case tables, columns and functions,
 * PascalCase type names, camelCase sum variants; special types exempt). The validated typespace is the
 * case-converted one; reducer and procedure {@code params} are kept as emitted.
 *
 * <p>Why it is this long: one pass over every section of the definition, each check recording its problem
 * against shared name tables; the rules are listed in the order of module-abi §8.6.
 */
public final class ModuleDefV10Validator {
    /** The first index id; index ids count up across the whole module in definition order. */
    public static final int FIRST_INDEX_ID = 4096;

    private final RawModuleDefV10 def;
    private final boolean snakeCase;
    private final Typespace rawTypespace;
    private final Typespace typespace;
    private final Map<String, String> explicitTables;
    private final Map<String, String> explicitFunctions;
    private final Map<String, String> explicitIndexes;
    private final List<ValidationError> errors = new ArrayList<>();
    /** Every table, alias, index, constraint, sequence, schedule and view name, with what owns it. */
    private final Map<String, String> globalNames = new HashMap<>();

    private ModuleDefV10Validator(RawModuleDefV10 def) {
        this.def = def;
        this.snakeCase = def.caseConversionPolicy() == CaseConversionPolicy.SNAKE_CASE;
        this.rawTypespace = def.typespace();
        this.typespace = new Typespace(rawTypespace.types().stream().map(this::convertNames).toList());
        ExplicitNames explicit = def.explicitNames();
        this.explicitTables = explicit.mappings(ExplicitNameEntry.Kind.TABLE);
        this.explicitFunctions = explicit.mappings(ExplicitNameEntry.Kind.FUNCTION);
        this.explicitIndexes = explicit.mappings(ExplicitNameEntry.Kind.INDEX);
    }

    /**
     * Validates {@code def}; {@code raw} is kept in the result for the schema route and {@code sqlViews}
     * come from the module's {@code lightcone.views} custom section.
     *
     * @throws ModuleDefValidationException listing every problem, if there is any
     */
    public static ModuleSchema validate(RawModuleDefV10 def, RawModuleDef raw, List<SqlViewSchema> sqlViews) {
        return new ModuleDefV10Validator(def).run(raw, sqlViews);
    }

    private ModuleSchema run(RawModuleDef raw, List<SqlViewSchema> sqlViews) {
        checkTypespaceRefs();
        List<TypeDefSchema> types = validateTypes();
        Set<String> scheduled = scheduledFunctionNames();
        Map<Lifecycle, Integer> lifecycle = validateLifecycle();
        List<ReducerSchema> reducers = validateReducers(lifecycle, scheduled);
        List<ProcedureSchema> procedures = validateProcedures(scheduled);
        List<ViewSchema> views = validateViews();
        checkFunctionNamesUnique(reducers, procedures, views);
        List<TableDraft> drafts = validateTables();
        Map<Integer, ScheduleSchema> schedules = validateSchedules(drafts, reducers, procedures);
        List<String> httpHandlers = validateHttpHandlers();
        List<HttpRouteSchema> httpRoutes = validateHttpRoutes(httpHandlers);
        for (SqlViewSchema v : sqlViews) {
            checkRelationName(v.name(), "SQL view `" + v.name() + "`");
            claimName(v.name(), "SQL view `" + v.name() + "`");
        }
        if (!def.submodules().isEmpty()) {
            error(Kind.UNSUPPORTED, "submodules (section Submodules) are not supported");
        }
        if (!errors.isEmpty()) {
            throw new ModuleDefValidationException(errors);
        }
        List<TableSchema> tables = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            tables.add(drafts.get(i).toSchema(Optional.ofNullable(schedules.get(i))));
        }
        List<String> rls = def.rowLevelSecurity().stream().map(RawRowLevelSecurityDef::sql).toList();
        return new ModuleSchema(typespace, tables, reducers, procedures, views, sqlViews, lifecycle, rls, types,
                httpHandlers, httpRoutes, raw);
    }

    // ---- names -------------------------------------------------------------------------------

    private void error(Kind kind, String message) {
        errors.add(new ValidationError(kind, message));
    }

    private String tableName(String source) {
        return explicitTables.getOrDefault(source, snakeCase ? CaseConversion.toSnakeCase(source) : source);
    }

    private String functionName(String source) {
        return explicitFunctions.getOrDefault(source, snakeCase ? CaseConversion.toSnakeCase(source) : source);
    }

    private String columnName(String source) {
        return snakeCase ? CaseConversion.toSnakeCase(source) : source;
    }

    private boolean checkIdentifier(String name, String what) {
        return report(Identifiers.problem(name), name, what);
    }

    /** Tables and views are named in SQL, so they also may not be reserved words. */
    private boolean checkRelationName(String name, String what) {
        return report(Identifiers.relationProblem(name), name, what);
    }

    private boolean report(Optional<String> problem, String name, String what) {
        problem.ifPresent(p -> error(Kind.INVALID_IDENTIFIER, what + ": name `" + name + "` " + p));
        return problem.isEmpty();
    }

    /** Registers a name in the module's one global namespace, reporting a clash. */
    private void claimName(String name, String owner) {
        String previous = globalNames.putIfAbsent(name, owner);
        if (previous != null) {
            error(Kind.DUPLICATE_NAME, "name `" + name + "` is used by both " + previous + " and " + owner);
        }
    }

    /** Applies the case policy to the names inside a type; special types keep theirs. */
    private AlgebraicType convertNames(AlgebraicType type) {
        if (!snakeCase || SpecialTypes.isSpecial(type)) {
            return type;
        }
        if (type instanceof ProductType p) {
            if (p.size() == 1 && p.elements().get(0).name().filter("__query__"::equals).isPresent()) {
                return p;
            }
            return new ProductType(p.elements().stream().map(e -> new ProductType.Element(
                    e.name().map(CaseConversion::toSnakeCase), convertNames(e.type()))).toList());
        }
        if (type instanceof SumType s) {
            return new SumType(s.variants().stream().map(v -> new SumType.Variant(
                    v.name().map(CaseConversion::toCamelCase), convertNames(v.type()))).toList());
        }
        if (type instanceof ArrayType a) {
            return new ArrayType(convertNames(a.elementType()));
        }
        return type;
    }

    // ---- types -------------------------------------------------------------------------------

    private void checkTypespaceRefs() {
        for (int i = 0; i < rawTypespace.types().size(); i++) {
            checkRefs(rawTypespace.types().get(i), "typespace slot " + i, Kind.TYPE);
        }
    }

    /** Reports references that point outside the typespace; returns true when there are none. */
    private boolean checkRefs(AlgebraicType type, String where, Kind kind) {
        if (type instanceof TypeRef r) {
            if (r.index() >= rawTypespace.types().size()) {
                error(kind, where + " refers to type " + r.index() + ", outside the typespace of "
                        + rawTypespace.types().size() + " types");
                return false;
            }
            return true;
        }
        boolean ok = true;
        if (type instanceof ProductType p) {
            for (ProductType.Element e : p.elements()) {
                ok &= checkRefs(e.type(), where, kind);
            }
        } else if (type instanceof SumType s) {
            for (SumType.Variant v : s.variants()) {
                ok &= checkRefs(v.type(), where, kind);
            }
        } else if (type instanceof ArrayType a) {
            ok = checkRefs(a.elementType(), where, kind);
        }
        return ok;
    }

    private List<TypeDefSchema> validateTypes() {
        List<TypeDefSchema> out = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (RawTypeDefV10 t : def.types()) {
            String source = t.sourceName().sourceName();
            String name = snakeCase ? CaseConversion.toPascalCase(source) : source;
            String what = "type `" + source + "`";
            if (t.ty() < 0 || t.ty() >= rawTypespace.types().size()) {
                error(Kind.TYPE, what + " refers to typespace slot " + Integer.toUnsignedString(t.ty())
                        + ", outside the typespace of " + rawTypespace.types().size() + " types");
                continue;
            }
            AlgebraicType ty = rawTypespace.types().get(t.ty());
            if (!(ty instanceof ProductType) && !(ty instanceof SumType)) {
                error(Kind.TYPE, what + " must name a product or sum type");
            }
            checkIdentifier(name, what);
            List<String> scoped = new ArrayList<>(t.sourceName().scope());
            scoped.add(name);
            if (!seen.add(scoped)) {
                error(Kind.DUPLICATE_NAME, what + " is defined twice");
            }
            out.add(new TypeDefSchema(t.sourceName().scope(), name, t.ty(), t.customOrdering()));
        }
        return out;
    }

    // ---- functions ---------------------------------------------------------------------------

    private Set<String> scheduledFunctionNames() {
        Set<String> out = new HashSet<>();
        for (RawScheduleDefV10 s : def.schedules()) {
            out.add(s.functionName());
        }
        return out;
    }

    private Map<Lifecycle, Integer> validateLifecycle() {
        Map<Lifecycle, Integer> out = new EnumMap<>(Lifecycle.class);
        Map<Integer, Lifecycle> byReducer = new HashMap<>();
        List<RawReducerDefV10> reducers = def.reducers();
        for (RawLifeCycleReducerDefV10 l : def.lifeCycleReducers()) {
            String kind = l.lifecycleSpec().displayName();
            int id = indexOfReducer(l.functionName());
            if (id < 0) {
                error(Kind.LIFECYCLE, "lifecycle " + kind + " names `" + l.functionName() + "`, which is not a reducer");
            } else if (out.containsKey(l.lifecycleSpec())) {
                error(Kind.LIFECYCLE, "lifecycle " + kind + " is assigned twice (reducers `"
                        + reducers.get(out.get(l.lifecycleSpec())).sourceName() + "` and `" + l.functionName() + "`)");
            } else if (byReducer.containsKey(id)) {
                error(Kind.LIFECYCLE, "reducer `" + l.functionName() + "` is assigned to both "
                        + byReducer.get(id).displayName() + " and " + kind);
            } else {
                out.put(l.lifecycleSpec(), id);
                byReducer.put(id, l.lifecycleSpec());
            }
        }
        return out;
    }

    private int indexOfReducer(String name) {
        List<RawReducerDefV10> reducers = def.reducers();
        for (int i = 0; i < reducers.size(); i++) {
            if (reducers.get(i).sourceName().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < reducers.size(); i++) {
            if (functionName(reducers.get(i).sourceName()).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private List<ReducerSchema> validateReducers(Map<Lifecycle, Integer> lifecycle, Set<String> scheduled) {
        Map<Integer, Lifecycle> byId = new HashMap<>();
        lifecycle.forEach((k, id) -> byId.put(id, k));
        List<ReducerSchema> out = new ArrayList<>();
        List<RawReducerDefV10> raw = def.reducers();
        for (int id = 0; id < raw.size(); id++) {
            RawReducerDefV10 r = raw.get(id);
            String name = functionName(r.sourceName());
            String what = "reducer `" + r.sourceName() + "`";
            checkIdentifier(name, what);
            checkRefs(r.params(), what + " parameters", Kind.REDUCER);
            if (!ProductType.UNIT.equals(r.okReturnType())) {
                error(Kind.REDUCER, what + " must return unit on success, not " + r.okReturnType());
            }
            if (r.errReturnType() != PrimitiveType.STRING) {
                error(Kind.REDUCER, what + " must return a String error, not " + r.errReturnType());
            }
            Optional<Lifecycle> kind = Optional.ofNullable(byId.get(id));
            boolean callable = r.visibility() == FunctionVisibility.CLIENT_CALLABLE && kind.isEmpty()
                    && !isScheduled(r.sourceName(), name, scheduled);
            out.add(new ReducerSchema(id, name, r.sourceName(), r.params(), callable, kind));
        }
        return out;
    }

    private static boolean isScheduled(String source, String canonical, Set<String> scheduled) {
        return scheduled.contains(source) || scheduled.contains(canonical);
    }

    private List<ProcedureSchema> validateProcedures(Set<String> scheduled) {
        List<ProcedureSchema> out = new ArrayList<>();
        List<RawProcedureDefV10> raw = def.procedures();
        for (int id = 0; id < raw.size(); id++) {
            RawProcedureDefV10 p = raw.get(id);
            String name = functionName(p.sourceName());
            String what = "procedure `" + p.sourceName() + "`";
            checkIdentifier(name, what);
            checkRefs(p.params(), what + " parameters", Kind.PROCEDURE);
            checkRefs(p.returnType(), what + " return type", Kind.PROCEDURE);
            boolean callable = p.visibility() == FunctionVisibility.CLIENT_CALLABLE
                    && !isScheduled(p.sourceName(), name, scheduled);
            out.add(new ProcedureSchema(id, name, p.sourceName(), p.params(), p.returnType(), callable));
        }
        return out;
    }

    private List<ViewSchema> validateViews() {
        List<ViewSchema> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RawViewDefV10 v : def.views()) {
            String name = functionName(v.sourceName());
            String what = "view `" + v.sourceName() + "`";
            checkRelationName(name, what);
            claimName(name, what);
            if (!ids.add((v.isAnonymous() ? "anonymous:" : "sender:") + v.index())) {
                error(Kind.VIEW, what + " reuses index " + v.index() + " of another "
                        + (v.isAnonymous() ? "anonymous" : "per-sender") + " view");
            }
            if (!v.params().elements().isEmpty()) {
                error(Kind.VIEW, what + " must take no parameters");
            }
            Optional<TypeRef> row = viewRowRef(v.returnType());
            if (row.isEmpty() || !checkRefs(row.get(), what + " return type", Kind.VIEW)) {
                if (row.isEmpty()) {
                    error(Kind.VIEW, what + " must return Vec<T>, Option<T> or a query of T for a table row type T,"
                            + " not " + v.returnType());
                }
                continue;
            }
            if (!(resolve(row.get()) instanceof ProductType)) {
                error(Kind.VIEW, what + " returns rows of type " + row.get().index() + ", which is not a product");
                continue;
            }
            Optional<ProductType> rowType = inlineProduct(row.get(), what);
            if (rowType.isEmpty()) {
                continue;
            }
            OptionalInt pk = viewPrimaryKey(v, rowType.get(), what);
            out.add(new ViewSchema(name, v.sourceName(), v.index(), v.isAnonymous(), v.isPublic(), v.returnType(),
                    rowType.get(), pk));
        }
        for (RawViewPrimaryKeyDefV10 pk : def.viewPrimaryKeys()) {
            boolean known = def.views().stream().anyMatch(v -> v.sourceName().equals(pk.viewSourceName()));
            if (!known) {
                error(Kind.VIEW, "primary key declared for `" + pk.viewSourceName() + "`, which is not a view");
            }
        }
        return out;
    }

    /** T from {@code Array(Ref T)}, {@code Option<Ref T>} or {@code {__query__: Ref T}}. */
    private static Optional<TypeRef> viewRowRef(AlgebraicType returnType) {
        if (returnType instanceof ArrayType a && a.elementType() instanceof TypeRef r) {
            return Optional.of(r);
        }
        if (returnType instanceof SumType s && s.isOption() && s.variants().get(0).type() instanceof TypeRef r) {
            return Optional.of(r);
        }
        if (returnType instanceof ProductType p && p.size() == 1
                && p.elements().get(0).name().filter("__query__"::equals).isPresent()
                && p.typeAt(0) instanceof TypeRef r) {
            return Optional.of(r);
        }
        return Optional.empty();
    }

    private OptionalInt viewPrimaryKey(RawViewDefV10 v, ProductType rowType, String what) {
        for (RawViewPrimaryKeyDefV10 pk : def.viewPrimaryKeys()) {
            if (!pk.viewSourceName().equals(v.sourceName())) {
                continue;
            }
            if (pk.columns().size() != 1) {
                error(Kind.VIEW, what + " primary key must have exactly one column, not " + pk.columns());
                return OptionalInt.empty();
            }
            String column = pk.columns().get(0);
            int col = rowType.indexOf(column);
            if (col < 0) {
                col = rowType.indexOf(columnName(column));
            }
            if (col < 0) {
                error(Kind.VIEW, what + " primary key names `" + column + "`, which is not a column of its rows");
                return OptionalInt.empty();
            }
            return OptionalInt.of(col);
        }
        return OptionalInt.empty();
    }

    private void checkFunctionNamesUnique(List<ReducerSchema> reducers, List<ProcedureSchema> procedures,
            List<ViewSchema> views) {
        Map<String, String> seen = new HashMap<>();
        reducers.forEach(r -> claimFunction(seen, r.name(), "reducer `" + r.sourceName() + "`"));
        procedures.forEach(p -> claimFunction(seen, p.name(), "procedure `" + p.sourceName() + "`"));
        views.forEach(v -> claimFunction(seen, v.name(), "view `" + v.sourceName() + "`"));
    }

    private void claimFunction(Map<String, String> seen, String name, String owner) {
        String previous = seen.putIfAbsent(name, owner);
        if (previous != null) {
            error(Kind.DUPLICATE_NAME, "function name `" + name + "` is used by both " + previous + " and " + owner);
        }
    }

    // ---- HTTP handlers and routes (upstream's rules and texts) --------------------------------

    private List<String> validateHttpHandlers() {
        List<String> names = new ArrayList<>();
        for (var h : def.httpHandlers()) {
            String name = functionName(h.sourceName());
            checkIdentifier(name, "HTTP handler `" + h.sourceName() + "`");
            if (names.contains(name)) {
                error(Kind.DUPLICATE_NAME, "duplicate HTTP handler name `" + name + "`");
            }
            names.add(name);
        }
        return names;
    }

    private List<HttpRouteSchema> validateHttpRoutes(List<String> handlers) {
        List<HttpRouteSchema> routes = new ArrayList<>();
        for (var r : def.httpRoutes()) {
            if (!validRoutePath(r.path())) {
                error(Kind.HTTP, "HTTP route path `" + r.path() + "` is invalid; allowed characters are "
                        + "lowercase ASCII letters, digits, `-`, `_`, `~` and `/`, and a non-empty path starts with `/`");
                continue;
            }
            int handlerId = handlers.indexOf(functionName(r.handlerFunction()));
            if (handlerId < 0) {
                error(Kind.HTTP, "HTTP route refers to unknown HTTP handler `" + r.handlerFunction() + "`");
                continue;
            }
            HttpRouteSchema route = new HttpRouteSchema(r.path(), r.method(), handlerId, handlers.get(handlerId));
            if (routes.stream().anyMatch(route::overlaps)) {
                error(Kind.HTTP, "HTTP route duplicates method "
                        + r.method().map(m -> m.extension().orElse(RawHttpMethod.VARIANTS.get(m.tag()))).orElse("Any")
                        + " for path " + r.path());
            }
            routes.add(route);
        }
        return routes;
    }

    private static boolean validRoutePath(String path) {
        if (!path.isEmpty() && !path.startsWith("/")) {
            return false;
        }
        return path.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '~' || c == '/');
    }

    // ---- tables ------------------------------------------------------------------------------

    private AlgebraicType resolve(AlgebraicType t) {
        try {
            return rawTypespace.resolve(t);
        } catch (IllegalArgumentException e) {
            return t;
        }
    }

    /** The product at {@code ref} with references inlined and names converted, or empty after an error. */
    private Optional<ProductType> inlineProduct(TypeRef ref, String what) {
        try {
            return Optional.of((ProductType) typespace.inline(ref));
        } catch (IllegalArgumentException e) {
            error(Kind.TYPE, what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private List<TableDraft> validateTables() {
        List<TableDraft> out = new ArrayList<>();
        int nextIndexId = FIRST_INDEX_ID;
        List<RawTableDefV10> raw = def.tables();
        for (int i = 0; i < raw.size(); i++) {
            RawTableDefV10 t = raw.get(i);
            TableDraft draft = validateTable(t, ModuleSchema.FIRST_USER_TABLE_ID + i, nextIndexId);
            nextIndexId += t.indexes().size();
            if (draft != null) {
                out.add(draft);
            }
        }
        return out;
    }

    /** Validates one table; returns null when its row type is unusable (the error is recorded). */
    private TableDraft validateTable(RawTableDefV10 t, int tableId, int firstIndexId) {
        String name = tableName(t.sourceName());
        String what = "table `" + t.sourceName() + "`";
        checkRelationName(name, what);
        if (name.startsWith("st_")) {
            error(Kind.TABLE, what + ": name `" + name + "` starts with `st_`, which is reserved for system tables");
        }
        claimName(name, what);
        if (!name.equals(t.sourceName())) {
            claimName(t.sourceName(), what);
        }
        TypeRef ref = new TypeRef(t.productTypeRef() < 0 ? Integer.MAX_VALUE : t.productTypeRef());
        if (!checkRefs(ref, what + " row type", Kind.TABLE)) {
            return null;
        }
        if (!(resolve(ref) instanceof ProductType)) {
            error(Kind.TABLE, what + ": row type " + t.productTypeRef() + " is not a product type");
            return null;
        }
        Optional<ProductType> inlined = inlineProduct(ref, what);
        if (inlined.isEmpty()) {
            return null;
        }
        ProductType rowType = inlined.get();
        TableDraft d = new TableDraft(tableId, name, t, rowType);
        d.columns.addAll(columns(rowType, what));
        new TableChecks(d, what).run(firstIndexId);
        return d;
    }

    private List<ColumnSchema> columns(ProductType rowType, String table) {
        List<ColumnSchema> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < rowType.size(); c++) {
            ProductType.Element e = rowType.elements().get(c);
            String col = e.name().orElse(GeneratedNames.unnamedColumn(c));
            if (e.name().isEmpty()) {
                error(Kind.COLUMN, table + ": column " + c + " has no name");
            } else {
                checkIdentifier(col, table + " column " + c);
            }
            if (!seen.add(col)) {
                error(Kind.COLUMN, table + ": column name `" + col + "` appears twice");
            }
            out.add(new ColumnSchema(c, col, e.type()));
        }
        return out;
    }

    /** The checks of one table's keys, indexes, constraints, sequences and defaults. */
    private final class TableChecks {
        private final TableDraft d;
        private final String what;

        TableChecks(TableDraft d, String what) {
            this.d = d;
            this.what = what;
        }

        void run(int firstIndexId) {
            List<RawConstraintDefV10> rawConstraints = d.raw.constraints();
            for (int k = 0; k < rawConstraints.size(); k++) {
                RawConstraintDefV10 c = rawConstraints.get(k);
                if (checkColumns(c.columns(), "unique constraint on " + c.columns(), Kind.CONSTRAINT)) {
                    String cname = GeneratedNames.uniqueConstraint(d.name, columnNames(c.columns()));
                    claimName(cname, what + " unique constraint #" + k);
                    d.constraints.add(new UniqueConstraintSchema(cname, c.columns()));
                }
            }
            int indexId = firstIndexId;
            for (RawIndexDefV10 idx : d.raw.indexes()) {
                validateIndex(idx, indexId++);
            }
            for (UniqueConstraintSchema c : d.constraints) {
                boolean indexed = d.indexes.stream().anyMatch(i -> Set.copyOf(i.columns()).equals(Set.copyOf(c.columns())));
                if (!indexed) {
                    error(Kind.CONSTRAINT, what + ": unique constraint `" + c.name()
                            + "` has no index on exactly the same columns");
                }
            }
            validatePrimaryKey();
            validateSequences();
            validateDefaults();
        }

        private List<String> columnNames(List<Integer> cols) {
            return cols.stream().map(c -> d.columns.get(c).name()).toList();
        }

        private boolean checkColumns(List<Integer> cols, String owner, Kind kind) {
            if (cols.isEmpty()) {
                error(kind, what + ": " + owner + " has no columns");
                return false;
            }
            boolean ok = true;
            Set<Integer> seen = new HashSet<>();
            for (int c : cols) {
                if (c >= d.columns.size()) {
                    error(kind, what + ": " + owner + " refers to column " + c + ", but the table has "
                            + d.columns.size() + " columns");
                    ok = false;
                } else if (!seen.add(c)) {
                    error(kind, what + ": " + owner + " lists column " + c + " twice");
                    ok = false;
                }
            }
            return ok;
        }

        private void validateIndex(RawIndexDefV10 idx, int indexId) {
            RawIndexAlgorithm alg = idx.algorithm();
            String owner = "index `" + idx.sourceName().orElse("<unnamed>") + "`";
            if (idx.sourceName().isEmpty()) {
                error(Kind.INDEX, what + ": an index on columns " + alg.columns() + " has no source name");
                return;
            }
            if (!checkColumns(alg.columns(), owner, Kind.INDEX)) {
                return;
            }
            if (alg instanceof RawIndexAlgorithm.Direct direct && !directIndexable(d.columns.get(direct.column()).type())) {
                error(Kind.INDEX, what + ": direct " + owner + " is on column `" + d.columns.get(direct.column()).name()
                        + "`, which is not u8, u16, u32, u64 or a C-like enum");
            }
            String source = idx.sourceName().get();
            String name = explicitIndexes.getOrDefault(source,
                    GeneratedNames.index(d.name, columnNames(alg.columns()), alg.algorithm()));
            checkIdentifier(name, what + " " + owner);
            claimName(name, what + " " + owner + " (#" + (indexId - FIRST_INDEX_ID) + ")");
            boolean unique = d.constraints.stream()
                    .anyMatch(c -> Set.copyOf(c.columns()).equals(Set.copyOf(alg.columns())));
            d.indexes.add(new IndexSchema(indexId, name, source, idx.accessorName().orElse(source), alg.algorithm(),
                    alg.columns(), unique));
        }

        private void validatePrimaryKey() {
            List<Integer> pk = d.raw.primaryKey();
            if (pk.isEmpty()) {
                return;
            }
            if (pk.size() > 1) {
                error(Kind.PRIMARY_KEY, what + ": primary key " + pk + " has more than one column");
                return;
            }
            if (!checkColumns(pk, "primary key", Kind.PRIMARY_KEY)) {
                return;
            }
            boolean covered = d.constraints.stream().anyMatch(c -> c.columns().equals(pk));
            if (!covered) {
                error(Kind.PRIMARY_KEY, what + ": primary key column `" + d.columns.get(pk.get(0)).name()
                        + "` has no unique constraint on exactly that column");
            }
            d.primaryKey = OptionalInt.of(pk.get(0));
        }

        private void validateSequences() {
            Set<Integer> sequenced = new HashSet<>();
            for (RawSequenceDefV10 s : d.raw.sequences()) {
                if (!checkColumns(List.of(s.column()), "sequence", Kind.SEQUENCE)) {
                    continue;
                }
                ColumnSchema col = d.columns.get(s.column());
                String owner = what + ": sequence on column `" + col.name() + "`";
                if (!(col.type() instanceof PrimitiveType p) || !p.isInteger()) {
                    error(Kind.SEQUENCE, owner + " is not on an integer column (" + col.type() + ")");
                    continue;
                }
                if (!sequenced.add(s.column())) {
                    error(Kind.SEQUENCE, owner + " is declared twice");
                    continue;
                }
                BigInteger start = s.start().orElse(BigInteger.ONE);
                BigInteger min = s.minValue().orElse(BigInteger.ONE);
                BigInteger max = s.maxValue().orElse(maxOf(p));
                if (min.compareTo(start) > 0 || start.compareTo(max) > 0) {
                    error(Kind.SEQUENCE, owner + " needs min <= start <= max, got min " + min + ", start " + start
                            + ", max " + max);
                }
                String name = GeneratedNames.sequence(d.name, col.name());
                claimName(name, what + " sequence `" + name + "`");
                d.sequences.add(new SequenceSchema(name, s.column(), start, min, max, s.increment()));
            }
        }

        private void validateDefaults() {
            for (RawColumnDefaultValueV10 dv : d.raw.defaultValues()) {
                if (!checkColumns(List.of(dv.colId()), "default value", Kind.DEFAULT_VALUE)) {
                    continue;
                }
                ColumnSchema col = d.columns.get(dv.colId());
                try {
                    Bsatn.validate(dv.value(), col.type(), Typespace.EMPTY);
                    d.defaults.put(dv.colId(), dv.value());
                } catch (BsatnDecodeException e) {
                    error(Kind.DEFAULT_VALUE, what + ": default value of column `" + col.name()
                            + "` does not decode at its type: " + e.getMessage());
                }
            }
        }
    }

    private static boolean directIndexable(AlgebraicType t) {
        return t == PrimitiveType.U8 || t == PrimitiveType.U16 || t == PrimitiveType.U32 || t == PrimitiveType.U64
                || (t instanceof SumType s && s.isSimpleEnum());
    }

    /** The largest value of an integer type. */
    private static BigInteger maxOf(PrimitiveType p) {
        int bits = p.fixedSize() * 8;
        return BigInteger.ONE.shiftLeft(p.signed() ? bits - 1 : bits).subtract(BigInteger.ONE);
    }

    // ---- schedules ---------------------------------------------------------------------------

    private Map<Integer, ScheduleSchema> validateSchedules(List<TableDraft> tables, List<ReducerSchema> reducers,
            List<ProcedureSchema> procedures) {
        Map<Integer, ScheduleSchema> out = new HashMap<>();
        for (RawScheduleDefV10 s : def.schedules()) {
            String what = "schedule of table `" + s.tableName() + "`";
            int t = indexOfTable(tables, s.tableName());
            if (t < 0) {
                error(Kind.SCHEDULE, what + ": no such table");
                continue;
            }
            TableDraft table = tables.get(t);
            boolean ok = true;
            if (s.scheduleAtCol() >= table.columns.size()) {
                error(Kind.SCHEDULE, what + ": column " + s.scheduleAtCol() + " does not exist");
                ok = false;
            } else if (!SpecialTypes.isScheduleAt(table.columns.get(s.scheduleAtCol()).type())) {
                error(Kind.SCHEDULE, what + ": column `" + table.columns.get(s.scheduleAtCol()).name()
                        + "` must have type ScheduleAt");
                ok = false;
            }
            OptionalInt idColumn = table.primaryKey;
            if (idColumn.isEmpty() || table.columns.get(idColumn.getAsInt()).type() != PrimitiveType.U64) {
                error(Kind.SCHEDULE, what + ": the table needs a u64 primary key (the schedule id)");
                ok = false;
            }
            Optional<ReducerSchema> reducer = reducers.stream()
                    .filter(r -> r.sourceName().equals(s.functionName()) || r.name().equals(s.functionName())).findFirst();
            Optional<ProcedureSchema> procedure = procedures.stream()
                    .filter(p -> p.sourceName().equals(s.functionName()) || p.name().equals(s.functionName())).findFirst();
            ProductType params;
            String functionName;
            if (reducer.isPresent()) {
                params = reducer.get().params();
                functionName = reducer.get().name();
            } else if (procedure.isPresent()) {
                params = procedure.get().params();
                functionName = procedure.get().name();
            } else {
                error(Kind.SCHEDULE, what + ": `" + s.functionName() + "` is not a reducer or procedure");
                continue;
            }
            if (params.size() != 1 || !params.typeAt(0).equals(new TypeRef(table.raw.productTypeRef()))) {
                error(Kind.SCHEDULE, what + ": `" + s.functionName()
                        + "` must take exactly one parameter of the table's row type (Ref "
                        + table.raw.productTypeRef() + ")");
                ok = false;
            }
            if (out.containsKey(t)) {
                error(Kind.SCHEDULE, what + ": the table is scheduled twice");
                ok = false;
            }
            String name = GeneratedNames.schedule(table.name);
            claimName(name, "schedule `" + name + "`");
            if (ok) {
                out.put(t, new ScheduleSchema(name, table.name, s.scheduleAtCol(), idColumn.getAsInt(), functionName,
                        reducer.isEmpty()));
            }
        }
        return out;
    }

    private static int indexOfTable(List<TableDraft> tables, String name) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).raw.sourceName().equals(name) || tables.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A table being validated; turned into a {@link TableSchema} once its schedule is known. */
    private static final class TableDraft {
        final int tableId;
        final String name;
        final RawTableDefV10 raw;
        final ProductType rowType;
        final List<ColumnSchema> columns = new ArrayList<>();
        final List<IndexSchema> indexes = new ArrayList<>();
        final List<UniqueConstraintSchema> constraints = new ArrayList<>();
        final List<SequenceSchema> sequences = new ArrayList<>();
        final Map<Integer, byte[]> defaults = new LinkedHashMap<>();
        OptionalInt primaryKey = OptionalInt.empty();

        TableDraft(int tableId, String name, RawTableDefV10 raw, ProductType rowType) {
            this.tableId = tableId;
            this.name = name;
            this.raw = raw;
            this.rowType = rowType;
        }

        TableSchema toSchema(Optional<ScheduleSchema> schedule) {
            return new TableSchema(tableId, name, raw.sourceName(), rowType, columns, primaryKey, indexes, constraints,
                    sequences, raw.tableAccess() == TableAccess.PUBLIC, raw.isEvent(), schedule, defaults);
        }
    }
}

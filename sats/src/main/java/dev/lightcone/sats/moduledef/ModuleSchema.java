package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.Typespace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated module definition: canonical names resolved, ids assigned, every rule of module-abi
 * §8.6 checked. Built from a raw definition by {@link ModuleDefValidator}; immutable.
 *
 * @param typespace       the module's typespace
 * @param tables          user tables in definition order; {@link TableSchema#tableId()} = 4096 + position
 * @param reducers        reducers in definition order; a reducer's id is its position
 * @param procedures      procedures in definition order; a procedure's id is its position
 * @param views           function views (official 2.x), in definition order
 * @param sqlViews        SQL-defined views from the {@code lightcone.views} custom section
 * @param lifecycle       the reducer id of each lifecycle hook the module defines
 * @param rowLevelSecurity the RLS filters' SQL, in definition order
 * @param types           the named types of the module (for clients and the schema route)
 * @param httpHandlers    the canonical names of the HTTP handlers; a handler's id is its position
 * @param httpRoutes      the HTTP routes, in definition order
 * @param raw             the raw definition as decoded, kept for the schema route
 */
public record ModuleSchema(
        Typespace typespace,
        List<TableSchema> tables,
        List<ReducerSchema> reducers,
        List<ProcedureSchema> procedures,
        List<ViewSchema> views,
        List<SqlViewSchema> sqlViews,
        Map<Lifecycle, Integer> lifecycle,
        List<String> rowLevelSecurity,
        List<TypeDefSchema> types,
        List<String> httpHandlers,
        List<HttpRouteSchema> httpRoutes,
        RawModuleDef raw) {

    /** The first table id handed to user tables; lower ids are reserved for system tables. */
    public static final int FIRST_USER_TABLE_ID = 4096;

    public ModuleSchema {
        tables = List.copyOf(tables);
        reducers = List.copyOf(reducers);
        procedures = List.copyOf(procedures);
        views = List.copyOf(views);
        sqlViews = List.copyOf(sqlViews);
        lifecycle = Map.copyOf(lifecycle);
        rowLevelSecurity = List.copyOf(rowLevelSecurity);
        types = List.copyOf(types);
        httpHandlers = List.copyOf(httpHandlers);
        httpRoutes = List.copyOf(httpRoutes);
    }

    /**
     * The route serving {@code method} at {@code path} (upstream's rule: the first route, in definition order,
     * whose path is exactly {@code path} and whose method is {@code method} or any).
     */
    public Optional<HttpRouteSchema> matchHttpRoute(dev.lightcone.sats.moduledef.v10.RawHttpMethod method, String path) {
        for (HttpRouteSchema route : httpRoutes) {
            if (route.matches(method, path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * The row type clients receive under {@code relation}: a table's, a function view's, or a SQL view's
     * (its named type, whose references resolve in {@link #typespace()}).
     */
    public Optional<dev.lightcone.sats.ProductType> rowTypeOf(String relation) {
        Optional<TableSchema> t = table(relation);
        if (t.isPresent()) {
            return Optional.of(t.get().rowType());
        }
        for (ViewSchema v : views) {
            if (v.name().equals(relation) || v.sourceName().equals(relation)) {
                return Optional.of(v.rowType());
            }
        }
        for (SqlViewSchema v : sqlViews) {
            if (v.name().equals(relation)) {
                for (TypeDefSchema type : types) {
                    if (type.name().equals(v.rowType())
                            && typespace.get(type.typeRef()) instanceof dev.lightcone.sats.ProductType p) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The table with this canonical name or source-name alias. */
    public Optional<TableSchema> table(String name) {
        for (TableSchema t : tables) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        for (TableSchema t : tables) {
            if (t.sourceName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The reducer with this canonical or source name. */
    public Optional<ReducerSchema> reducer(String name) {
        for (ReducerSchema r : reducers) {
            if (r.name().equals(name) || r.sourceName().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The procedure with this canonical or source name. */
    public Optional<ProcedureSchema> procedure(String name) {
        for (ProcedureSchema p : procedures) {
            if (p.name().equals(name) || p.sourceName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The reducer id of a lifecycle hook, if the module defines it. */
    public Optional<Integer> lifecycleReducer(Lifecycle kind) {
        return Optional.ofNullable(lifecycle.get(kind));
    }
}

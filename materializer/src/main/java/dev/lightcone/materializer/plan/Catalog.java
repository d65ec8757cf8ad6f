package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.SystemTables;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.materializer.sql.QualifiedStar;
import dev.lightcone.materializer.sql.Select;
import dev.lightcone.materializer.sql.SqlParser;
import dev.lightcone.materializer.sql.Statement;
import dev.lightcone.materializer.sql.TableRef;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relations SQL can name: the module's tables and the system tables, by canonical name or
 * accessor alias, plus the names of views (for DML errors) and the parsed row-level-security rules.
 * Immutable.
 */
public final class Catalog {
    private final Map<String, TableSchema> byName = new HashMap<>();
    private final List<TableSchema> tables;
    private final Set<String> views;
    private final Map<Integer, List<Select>> rls;
    /**
     * A SQL view: its name, whether non-owners may read it, its parsed body, and the row type it
     * declares (null: whole rows of the table its body returns).
     */
    public record SqlView(String name, boolean isPublic, Select body, dev.lightcone.sats.ProductType rowType) {
    }

    private final Map<String, SqlView> sqlViews = new HashMap<>();
    /** Query views (RawSql results) by canonical and source name. */
    private final Map<String, ViewSchema> queryViews = new HashMap<>();
    /** Evaluates a query view for a caller; null when this catalog cannot (e.g. for DML). */
    private QueryViewSource queryViewSource;

    /** Gives the SQL a query view returns for {@code sender} (the writer calls the module). */
    @FunctionalInterface
    public interface QueryViewSource {
        /** @throws dev.lightcone.sats.LightconeException if the view fails */
        String sql(ViewSchema view, dev.lightcone.sats.Identity sender);
    }
    /** The per-sender function views, by the id of their backing table. */
    private final Set<Integer> perSenderViewTables;

    /**
     * Builds a catalog.
     *
     * @param tables the tables (user and system)
     * @param views  names of views
     * @param rlsSql row-level-security rules: {@code SELECT * FROM t WHERE ...} or {@code SELECT t.* FROM t JOIN ...}
     * @throws dev.lightcone.materializer.sql.SqlException if a rule does not parse or names an unknown table
     */
    public Catalog(List<TableSchema> tables, Collection<String> views, List<String> rlsSql) {
        this(tables, views, rlsSql, Set.of());
    }

    /**
     * Builds a catalog whose tables include the backing tables of function views.
     *
     * @param perSenderViewTables the backing tables of per-sender views: a caller reads only its own rows
     */
    public Catalog(List<TableSchema> tables, Collection<String> views, List<String> rlsSql,
            Set<Integer> perSenderViewTables) {
        this.perSenderViewTables = Set.copyOf(perSenderViewTables);
        this.tables = List.copyOf(tables);
        for (TableSchema t : this.tables) {
            byName.put(t.name(), t);
        }
        for (TableSchema t : this.tables) {
            byName.putIfAbsent(t.sourceName(), t);
        }
        this.views = Set.copyOf(new HashSet<>(views));
        Map<Integer, List<Select>> rules = new LinkedHashMap<>();
        for (String sql : rlsSql) {
            Statement st = SqlParser.parseSubscription(sql);
            if (!(st instanceof Select s)) {
                throw new UnsupportedQueryException("Row-level security rules must select from one table: " + sql);
            }
            TableSchema target = table(ruleTarget(s).name())
                    .orElseThrow(() -> UnresolvedNameException.table(ruleTarget(s).name()));
            rules.computeIfAbsent(target.tableId(), k -> new ArrayList<>()).add(s);
        }
        rules.replaceAll((k, v) -> List.copyOf(v));
        this.rls = Map.copyOf(rules);
    }

    /** The catalog of a module: its tables, the system tables, its views and its RLS rules. */
    public static Catalog of(ModuleSchema module) {
        List<TableSchema> all = new ArrayList<>(SystemTables.schemas());
        all.addAll(module.tables());
        all.addAll(ViewTables.schemas(module));
        List<String> views = new ArrayList<>();
        Set<Integer> perSender = new HashSet<>();
        for (int i = 0; i < module.views().size(); i++) {
            ViewSchema v = module.views().get(i);
            views.add(v.name());
            views.add(v.sourceName());
            if (ViewTables.isMaterialized(v) && !v.isAnonymous()) {
                perSender.add(ViewTables.tableId(i));
            }
        }
        for (SqlViewSchema v : module.sqlViews()) {
            views.add(v.name());
        }
        Catalog c = new Catalog(all, views, module.rowLevelSecurity(), perSender);
        for (ViewSchema v : module.views()) {
            if (ViewTables.isQueryView(v)) {
                c.queryViews.put(v.name(), v);
                c.queryViews.put(v.sourceName(), v);
            }
        }
        for (SqlViewSchema v : module.sqlViews()) {
            Statement st = SqlParser.parseSubscription(v.sql());
            if (!(st instanceof Select s)) {
                throw new UnsupportedQueryException("View `" + v.name() + "` must select from tables: " + v.sql());
            }
            c.sqlViews.put(v.name(), new SqlView(v.name(), v.isPublic(), s, declaredRowType(module, v)));
        }
        return c;
    }

    /** The relation a rule returns rows of. */
    static TableRef ruleTarget(Select rule) {
        if (rule.projection() instanceof QualifiedStar q) {
            if (rule.from().alias().equals(q.alias())) {
                return rule.from();
            }
            return rule.joins().stream().map(j -> j.table()).filter(t -> t.alias().equals(q.alias())).findFirst()
                    .orElseThrow(() -> UnresolvedNameException.alias(q.alias()));
        }
        return rule.from();
    }

    /** The table with this canonical name or alias, whoever asks. */
    public Optional<TableSchema> table(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The table if {@code caller} may read it (non-owners see public tables only). */
    public Optional<TableSchema> readableTable(String name, SqlCaller caller) {
        return table(name).filter(t -> caller.isOwner() || t.isPublic());
    }

    /** True if the table holds a per-sender view's rows: each caller reads only the rows computed for it. */
    public boolean isPerSenderView(int tableId) {
        return perSenderViewTables.contains(tableId);
    }

    /** True if the table holds a function view's rows, after a hidden sender column clients never see. */
    public static boolean isViewTable(TableSchema table) {
        return ViewTables.isViewTable(table.tableId());
    }

    /** The product type a SQL view names as its row type, if the module defines one by that name. */
    private static dev.lightcone.sats.ProductType declaredRowType(ModuleSchema module, SqlViewSchema view) {
        return module.rowTypeOf(view.name()).orElse(null);
    }

    /** This catalog, able to expand query views by asking {@code source} for their SQL. */
    public Catalog withQueryViews(QueryViewSource source) {
        this.queryViewSource = source;
        return this;
    }

    /** The query view with this name, if any. */
    public Optional<ViewSchema> queryView(String name) {
        return Optional.ofNullable(queryViews.get(name));
    }

    /** The SQL query view {@code view} returns for {@code sender}. */
    String queryViewSql(ViewSchema view, dev.lightcone.sats.Identity sender) {
        if (queryViewSource == null) {
            throw new UnsupportedQueryException("Query view `" + view.name() + "` cannot be read here");
        }
        return queryViewSource.sql(view, sender);
    }

    /** The SQL view with this name, if any. */
    public Optional<SqlView> sqlView(String name) {
        return Optional.ofNullable(sqlViews.get(name));
    }

    /** True if {@code name} is a view. */
    public boolean isView(String name) {
        return views.contains(name);
    }

    /** Every table, system tables included. */
    public List<TableSchema> tables() {
        return tables;
    }

    /** User tables (ids from {@link ModuleSchema#FIRST_USER_TABLE_ID}) in id order. */
    public List<TableSchema> userTables() {
        return tables.stream().filter(t -> t.tableId() >= ModuleSchema.FIRST_USER_TABLE_ID)
                .sorted(java.util.Comparator.comparingInt(TableSchema::tableId)).toList();
    }

    /** The parsed RLS rules on a table, in definition order. */
    public List<Select> rlsRules(int tableId) {
        return rls.getOrDefault(tableId, List.of());
    }

    /** True if any table has RLS rules. */
    public boolean hasRls() {
        return !rls.isEmpty();
    }
}

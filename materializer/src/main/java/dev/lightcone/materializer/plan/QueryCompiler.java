package dev.lightcone.materializer.plan;

import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.materializer.sql.ColumnList;
import dev.lightcone.materializer.sql.CountStar;
import dev.lightcone.materializer.sql.Expr;
import dev.lightcone.materializer.sql.ProjectedColumn;
import dev.lightcone.materializer.sql.QualifiedStar;
import dev.lightcone.materializer.sql.Select;
import dev.lightcone.materializer.sql.SelectAllTables;
import dev.lightcone.materializer.sql.SqlParser;
import dev.lightcone.materializer.sql.Star;
import dev.lightcone.materializer.sql.Statement;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Compiles parsed SQL into immutable plans for one caller, against one {@link Catalog}. Thread-safe. */
public final class QueryCompiler {
    private final Catalog catalog;

    public QueryCompiler(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Compiles a subscription query; {@code SELECT * FROM *} yields one query per readable, non-event
     * user table.
     *
     * @throws dev.lightcone.materializer.sql.SqlException with the text the client sees
     */
    public List<CompiledQuery> compileSubscription(String sql, SqlCaller caller) {
        Statement st = SqlParser.parseSubscription(sql);
        if (st instanceof SelectAllTables) {
            List<CompiledQuery> out = new ArrayList<>();
            for (TableSchema t : catalog.userTables()) {
                if (t.isEvent() || !(caller.isOwner() || t.isPublic())) {
                    continue;
                }
                String text = "SELECT * FROM " + t.name();
                out.add(compileSubscription(text, (Select) SqlParser.parseSubscription(text), caller));
            }
            return out;
        }
        return List.of(compileSubscription(sql, (Select) st, caller));
    }

    private CompiledQuery compileSubscription(String sql, Select select, SqlCaller caller) {
        Binder binder = new Binder(catalog, caller);
        Binder.Bound bound = binder.bind(select);
        int returned = returnedRelation(select, bound.scope());
        bound.base().returned = returned;
        TableSchema table = bound.base().relations.get(returned).table();
        List<Fragment> fragments = new ArrayList<>();
        for (FragmentBuilder fb : binder.expandRls(bound.base())) {
            Fragment f = fb.build();
            checkSubscribable(f);
            fragments.add(f);
        }
        return new CompiledQuery(sql, table, bound.nameOf(returned), fragments, binder.callerSpecific(),
                shapeOf(bound, returned));
    }

    private static int returnedRelation(Select select, Scope scope) {
        if (select.projection() instanceof QualifiedStar q) {
            Integer p = scope.aliases.get(q.alias());
            if (p == null) {
                throw UnresolvedNameException.alias(q.alias());
            }
            return p;
        }
        // SELECT *: the FROM relation (a SQL view's body may put it after the relations it joins).
        return scope.aliases.get(select.from().alias());
    }

    /** The restrictions subscriptions keep after RLS substitution (semantics.md §5.1). */
    private static void checkSubscribable(Fragment f) {
        int n = f.relations.size();
        if (n > 2) {
            throw new UnsupportedQueryException("Invalid number of tables in subscription: " + n);
        }
        if (n == 1) {
            return;
        }
        boolean indexed = false;
        for (ColumnVsColumn j : f.joins) {
            if (j.op() == dev.lightcone.materializer.sql.CompareOp.EQ && j.left().relation() != j.right().relation()
                    && f.relations.get(j.left().relation()).singleColumnIndex(j.left().column()) != null
                    && f.relations.get(j.right().relation()).singleColumnIndex(j.right().column()) != null) {
                indexed = true;
            }
        }
        if (!indexed) {
            throw new UnsupportedQueryException("Subscriptions require indexes on join columns");
        }
        boolean lookupIsEvent = f.relations.get(1).table().isEvent()
                || (f.relations.get(0).table().isEvent() && f.returned != 0);
        if (lookupIsEvent) {
            throw new UnsupportedQueryException("Event tables cannot be used as the lookup table in subscription joins");
        }
    }

    /**
     * Compiles a SELECT of the SQL route: projections, {@code COUNT(*)}, any number of inner
     * equi-joins, LIMIT; RLS applies to non-owners.
     */
    public SelectPlan compileSelect(Select select, SqlCaller caller) {
        Binder binder = new Binder(catalog, caller);
        Binder.Bound bound = binder.bind(select);
        Scope scope = bound.scope();
        List<Relation> base = List.copyOf(bound.base().relations);
        ProductType schema;
        int returned = -1;
        List<ColumnAccessor> columns = List.of();
        boolean count = false;
        if (select.projection() instanceof Star) {
            if (!select.joins().isEmpty() || (base.size() > 1 && bound.viewNames().isEmpty())) {
                throw new UnsupportedQueryException("SELECT * is not supported for joins");
            }
            returned = returnedRelation(select, scope);
            schema = visibleRowType(base.get(returned).table());
        } else if (select.projection() instanceof QualifiedStar) {
            returned = returnedRelation(select, scope);
            schema = visibleRowType(base.get(returned).table());
        } else if (select.projection() instanceof CountStar c) {
            count = true;
            schema = ProductType.of(c.alias(), PrimitiveType.U64);
        } else {
            List<ProjectedColumn> cols = ((ColumnList) select.projection()).columns();
            List<ColumnAccessor> acc = new ArrayList<>();
            List<ProductType.Element> elements = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (ProjectedColumn pc : cols) {
                ColumnAccessor a = binder.column(pc.column(), scope);
                if (!names.add(pc.outputName())) {
                    throw new UnsupportedQueryException("Duplicate name `" + pc.outputName() + "`");
                }
                AlgebraicType type = base.get(a.relation()).table().columns().get(a.column()).type();
                acc.add(a);
                elements.add(ProductType.Element.named(pc.outputName(), type));
            }
            columns = acc;
            schema = new ProductType(elements);
        }
        bound.base().returned = returned;
        List<Fragment> fragments = binder.expandRls(bound.base()).stream().map(FragmentBuilder::build).toList();
        OptionalLong limit = select.limit();
        RowShape shape = returned >= 0 ? shapeOf(bound, returned) : null;
        if (returned >= 0 && bound.viewRowTypes().containsKey(returned)) {
            schema = bound.viewRowTypes().get(returned);
        }
        return new SelectPlan(schema, fragments, returned, columns, count, limit, shape);
    }

    /** How rows of the returned relation are reshaped for clients: a view's hidden column, a SQL view's columns. */
    private static RowShape shapeOf(Binder.Bound bound, int returned) {
        TableSchema table = bound.base().relations.get(returned).table();
        if (Catalog.isViewTable(table)) {
            return new RowShape.StripPrefix(ViewTables.SENDER_BYTES);
        }
        ProductType declared = bound.viewRowTypes().get(returned);
        return declared == null ? null : RowShape.columnsOf(table, declared, bound.nameOf(returned));
    }

    /** The columns a client sees: a view's backing table without its hidden sender column. */
    private static ProductType visibleRowType(TableSchema table) {
        ProductType row = table.rowType();
        return Catalog.isViewTable(table) ? new ProductType(row.elements().subList(1, row.size())) : row;
    }

    /**
     * Compiles the WHERE of an UPDATE or DELETE over one table (DML is owner-only, so no RLS).
     *
     * @param where the condition; empty matches every row
     */
    public RowFilter compileFilter(TableSchema table, Optional<Expr> where, SqlCaller caller) {
        Binder binder = new Binder(catalog, caller);
        FragmentBuilder b = new FragmentBuilder();
        Scope scope = new Scope(b.relations);
        scope.bind(table.name(), b.add(Relation.of(table.name(), table), new HashSet<>()));
        where.ifPresent(w -> b.addCondition(binder.predicate(w, scope)));
        b.returned = 0;
        return new RowFilter(b.build());
    }
}

package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.And;
import dev.lightcone.materializer.sql.BoolLiteral;
import dev.lightcone.materializer.sql.ColumnRef;
import dev.lightcone.materializer.sql.CompareOp;
import dev.lightcone.materializer.sql.Comparison;
import dev.lightcone.materializer.sql.Expr;
import dev.lightcone.materializer.sql.Join;
import dev.lightcone.materializer.sql.Or;
import dev.lightcone.materializer.sql.Select;
import dev.lightcone.materializer.sql.TableRef;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a SELECT's names against the catalog for one caller, type-checks and compiles its
 * conditions, and substitutes row-level-security rules (non-owners only): each relation over a table
 * with rules becomes one fragment per rule, recursively for the relations the rules add.
 */
final class Binder {
    private final Catalog catalog;
    private final SqlCaller caller;
    private boolean callerSpecific;
    /** The declared row types of the SQL views {@link #bind} expanded, by the position standing for each. */
    private Map<Integer, dev.lightcone.sats.ProductType> viewRowTypes = Map.of();

    Binder(Catalog catalog, SqlCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    /**
     * The query's own relations, conditions and scope (before RLS), and the SQL views it named: the
     * relation that stands for each view, by position, with the view's name (what clients see).
     */
    record Bound(FragmentBuilder base, Scope scope, Map<Integer, String> viewNames,
            Map<Integer, dev.lightcone.sats.ProductType> viewRowTypes) {
        /** The name clients see for the relation at {@code position}: a view's, else its table's. */
        String nameOf(int position) {
            return viewNames.getOrDefault(position, base.relations.get(position).table().name());
        }
    }

    Bound bind(Select s) {
        FragmentBuilder b = new FragmentBuilder();
        Scope scope = new Scope(b.relations);
        Map<Integer, String> viewNames = new java.util.HashMap<>();
        viewRowTypes = new java.util.HashMap<>();
        addRelation(b, scope, s.from(), viewNames);
        for (Join j : s.joins()) {
            addRelation(b, scope, j.table(), viewNames);
        }
        for (Join j : s.joins()) {
            b.joins.add(joinCondition(j, scope));
        }
        s.where().ifPresent(w -> b.addCondition(predicate(w, scope)));
        return new Bound(b, scope, Map.copyOf(viewNames), Map.copyOf(viewRowTypes));
    }

    private void addRelation(FragmentBuilder b, Scope scope, TableRef ref, Map<Integer, String> viewNames) {
        Optional<Catalog.SqlView> view = catalog.sqlView(ref.name());
        Optional<ViewSchema> query = catalog.queryView(ref.name());
        if (view.isPresent()) {
            int position = expandSqlView(b, scope, ref, view.get());
            viewNames.put(position, view.get().name());
            if (view.get().rowType() != null) {
                viewRowTypes.put(position, view.get().rowType());
            }
        } else if (query.isPresent()) {
            // A query view: its body is the SQL it returns for this caller, maintained like a SQL view's.
            ViewSchema v = query.get();
            String sql = catalog.queryViewSql(v, caller.identity());
            if (!(dev.lightcone.materializer.sql.SqlParser.parseSubscription(sql) instanceof Select body)) {
                throw new UnsupportedQueryException("Query view `" + v.name() + "` must return a SELECT: " + sql);
            }
            if (!v.isAnonymous()) {
                callerSpecific = true;
            }
            viewNames.put(expandSqlView(b, scope, ref, new Catalog.SqlView(v.name(), v.isPublic(), body, null)), v.name());
        } else {
            addRelation(b, scope, ref, true);
        }
    }

    /** True once a per-sender query view was expanded: the plan is this caller's alone. */
    boolean callerSpecific() {
        return callerSpecific;
    }

    /**
     * Binds a SQL view (the {@code lightcone.views} section) in place of a table: its body's relations,
     * joins and conditions join the query, and the relation whose rows it returns takes the reference's
     * alias. Maintained incrementally like any subscription. Its tables are read with the view's own
     * access (a public view over a private table), as upstream views are.
     *
     * @return the position of the relation that stands for the view
     */
    private int expandSqlView(FragmentBuilder b, Scope scope, TableRef ref, Catalog.SqlView view) {
        if (!(caller.isOwner() || view.isPublic())) {
            throw UnresolvedNameException.table(ref.name());
        }
        Select body = view.body();
        TableRef target = Catalog.ruleTarget(body);
        Scope inner = new Scope(b.relations);
        List<TableRef> refs = new ArrayList<>();
        refs.add(body.from());
        body.joins().forEach(j -> refs.add(j.table()));
        int standsFor = -1;
        for (TableRef r : refs) {
            if (catalog.isView(r.name())) {
                throw new UnsupportedQueryException("View `" + view.name() + "` reads view `" + r.name()
                        + "`; views cannot read other views");
            }
            TableSchema t = catalog.table(r.name()).orElseThrow(() -> UnresolvedNameException.table(r.name()));
            int position = b.add(Relation.of(r == target ? ref.alias() : r.alias(), t), new HashSet<>());
            inner.bind(r.alias(), position);
            if (r == target) {
                scope.bind(ref.alias(), position);
                standsFor = position;
            }
        }
        for (Join j : body.joins()) {
            b.joins.add(joinCondition(j, inner));
        }
        body.where().ifPresent(w -> b.addCondition(predicate(w, inner)));
        return standsFor;
    }

    private void addRelation(FragmentBuilder b, Scope scope, TableRef ref, boolean checkAccess) {
        Optional<TableSchema> t = checkAccess ? catalog.readableTable(ref.name(), caller) : catalog.table(ref.name());
        TableSchema table = t.orElseThrow(() -> UnresolvedNameException.table(ref.name()));
        int position = b.add(Relation.of(ref.alias(), table), new HashSet<>());
        scope.bind(ref.alias(), position);
        if (catalog.isPerSenderView(table.tableId())) {
            // A per-sender view's backing table holds every subscriber's instance; the caller sees its own.
            ColumnAccessor sender = new ColumnAccessor(position, 0, ValueKind.of(table.columns().get(0).type()),
                    b.relations.get(position).layout());
            b.addCondition(new ColumnVsValue(sender, CompareOp.EQ, caller.identity().toLittleEndian(), true));
        }
    }

    private ColumnVsColumn joinCondition(Join j, Scope scope) {
        RowPredicate p = compare(j.left(), CompareOp.EQ, j.right(), scope);
        if (!(p instanceof ColumnVsColumn c)) {
            throw new UnsupportedQueryException("Non-column join constraints are not supported");
        }
        return c;
    }

    /** Applies RLS rules to every relation (nothing for the owner). */
    List<FragmentBuilder> expandRls(FragmentBuilder base) {
        List<FragmentBuilder> out = new ArrayList<>();
        if (caller.isOwner() || !catalog.hasRls()) {
            out.add(base);
            return out;
        }
        expandFrom(base, 0, out);
        return out;
    }

    private void expandFrom(FragmentBuilder f, int position, List<FragmentBuilder> out) {
        if (position == f.relations.size()) {
            out.add(f);
            return;
        }
        TableSchema table = f.relations.get(position).table();
        List<Select> rules = catalog.rlsRules(table.tableId());
        if (rules.isEmpty()) {
            expandFrom(f, position + 1, out);
            return;
        }
        if (f.origins.get(position).contains(table.tableId())) {
            throw new UnsupportedQueryException("Cycle detected in row-level security rules for table `"
                    + table.name() + "`");
        }
        for (Select rule : rules) {
            FragmentBuilder g = f.copy();
            applyRule(g, position, rule);
            expandFrom(g, position + 1, out);
        }
    }

    private void applyRule(FragmentBuilder f, int position, Select rule) {
        TableRef target = Catalog.ruleTarget(rule);
        Set<Integer> origin = new HashSet<>(f.origins.get(position));
        origin.add(f.relations.get(position).table().tableId());
        Scope scope = new Scope(f.relations);
        List<TableRef> refs = new ArrayList<>();
        refs.add(rule.from());
        rule.joins().forEach(j -> refs.add(j.table()));
        for (TableRef ref : refs) {
            if (ref == target) {
                scope.bind(ref.alias(), position);
            } else {
                TableSchema t = catalog.table(ref.name()).orElseThrow(() -> UnresolvedNameException.table(ref.name()));
                scope.bind(ref.alias(), f.add(Relation.of(ref.alias(), t), new HashSet<>(origin)));
            }
        }
        for (Join j : rule.joins()) {
            f.joins.add(joinCondition(j, scope));
        }
        rule.where().ifPresent(w -> f.addCondition(predicate(w, scope)));
    }

    // ---------------------------------------------------------------- expressions

    RowPredicate predicate(Expr e, Scope scope) {
        if (e instanceof And a) {
            return new AllOf(List.of(predicate(a.left(), scope), predicate(a.right(), scope)));
        }
        if (e instanceof Or o) {
            return new AnyOf(List.of(predicate(o.left(), scope), predicate(o.right(), scope)));
        }
        if (e instanceof Comparison c) {
            return compare(c.left(), c.op(), c.right(), scope);
        }
        if (e instanceof BoolLiteral b) {
            return new ConstantPredicate(b.value());
        }
        if (e instanceof ColumnRef ref) {
            ColumnAccessor col = column(ref, scope);
            AlgebraicType type = typeOf(col, scope);
            if (type != PrimitiveType.BOOL) {
                throw SqlTypeException.unexpected("Bool", TypeNames.of(type));
            }
            return new ColumnVsValue(col, CompareOp.EQ, new byte[] {1}, false);
        }
        throw SqlTypeException.unexpected("Bool", "(literal)");
    }

    private RowPredicate compare(Expr left, CompareOp op, Expr right, Scope scope) {
        if (left instanceof ColumnRef l && right instanceof ColumnRef r) {
            ColumnAccessor a = column(l, scope);
            ColumnAccessor b = column(r, scope);
            AlgebraicType ta = typeOf(a, scope);
            AlgebraicType tb = typeOf(b, scope);
            if (!ta.equals(tb)) {
                throw SqlTypeException.unexpected(TypeNames.of(ta), TypeNames.of(tb));
            }
            if (a.kind() == null) {
                throw SqlTypeException.invalidOp(op.symbol(), TypeNames.of(ta));
            }
            return new ColumnVsColumn(a, op, b);
        }
        if (left instanceof ColumnRef l && right.isValue()) {
            return columnVsValue(l, op, right, scope);
        }
        if (left.isValue() && right instanceof ColumnRef r) {
            return columnVsValue(r, op.flipped(), left, scope);
        }
        if (left.isValue() && right.isValue()) {
            throw new SqlTypeException("Cannot resolve type for literal expression");
        }
        throw new UnsupportedQueryException("Unsupported expression: " + left + " " + op.symbol() + " " + right);
    }

    private RowPredicate columnVsValue(ColumnRef ref, CompareOp op, Expr value, Scope scope) {
        ColumnAccessor col = column(ref, scope);
        AlgebraicType type = typeOf(col, scope);
        if (col.kind() == null) {
            throw SqlTypeException.invalidOp(op.symbol(), TypeNames.of(type));
        }
        byte[] bytes = Literals.coerce(value, type, caller.identity());
        return new ColumnVsValue(col, op, bytes, value instanceof dev.lightcone.materializer.sql.SenderParam);
    }

    /** Resolves a column reference; unqualified names need a single relation in scope. */
    ColumnAccessor column(ColumnRef ref, Scope scope) {
        int position;
        String relationName;
        if (ref.qualifier().isPresent()) {
            Integer p = scope.aliases.get(ref.qualifier().get());
            if (p == null) {
                throw UnresolvedNameException.alias(ref.qualifier().get());
            }
            position = p;
            relationName = ref.qualifier().get();
        } else {
            if (scope.aliases.size() != 1) {
                throw new UnsupportedQueryException("Names must be qualified when using joins");
            }
            Map.Entry<String, Integer> only = scope.aliases.entrySet().iterator().next();
            position = only.getValue();
            relationName = only.getKey();
        }
        Relation rel = scope.relations.get(position);
        ColumnSchema c = rel.table().column(ref.name())
                .orElseThrow(() -> UnresolvedNameException.field(relationName, ref.name()));
        return new ColumnAccessor(position, c.colId(), ValueKind.of(c.type()), rel.layout());
    }

    private static AlgebraicType typeOf(ColumnAccessor col, Scope scope) {
        return scope.relations.get(col.relation()).table().columns().get(col.column()).type();
    }
}

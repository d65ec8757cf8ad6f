package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import dev.lightcone.sats.moduledef.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A compiled subscription query for one caller: whole rows of one table, from one table or an inner
 * equi-join of two, as a bag union of fragments (several when row-level security applies). Immutable
 * and safe to share between threads and subscribers.
 *
 * <h2>Incremental evaluation</h2>
 * Single table: the inserted (deleted) rows of the transaction that pass the filter are the query's
 * inserts (deletes). Two tables A ⋈ B: write R(X, Y) for the bag of result rows the pairs of X × Y
 * produce; R is bilinear. With A', B' the committed state after the transaction and dA±, dB± its net
 * inserts and deletes (so A = A' − dA+ + dA−), expanding R(A', B') − R(A, B) gives
 * <pre>
 *   inserts = R(dA+, B') + R(A', dB+) + R(dA+, dB−) + R(dA−, dB+)
 *   deletes = R(dA−, B') + R(A', dB−) + R(dA+, dB+) + R(dA−, dB−)
 * </pre>
 * Terms with a state side are driven by the delta rows and look the state up through the join
 * column's index (which subscriptions require); delta-by-delta terms hash one side. Equal rows in
 * inserts and deletes then cancel pairwise (bag semantics). Event tables are never in the committed
 * state: a query returning an event table E emits only {@code R(dE+, B')} (or the filtered inserts).
 */
public final class CompiledQuery {
    private final String sql;
    private final TableSchema table;
    /** What clients see as the table: the returned table's name, or the SQL view's that stands for it. */
    private final String tableName;
    private final List<Fragment> fragments;
    private final boolean usesSender;
    private final int[] tableIds;
    /** How returned rows are reshaped for clients (a view's hidden column, a SQL view's columns), or null. */
    private final RowShape shape;

    CompiledQuery(String sql, TableSchema table, String tableName, List<Fragment> fragments, boolean callerSpecific,
            RowShape shape) {
        this.sql = sql;
        this.table = table;
        this.tableName = tableName;
        this.shape = shape;
        this.fragments = List.copyOf(fragments);
        this.usesSender = callerSpecific || fragments.stream().anyMatch(f -> f.usesSender);
        TreeSet<Integer> ids = new TreeSet<>();
        for (Fragment f : fragments) {
            f.relations.forEach(r -> ids.add(r.table().tableId()));
        }
        this.tableIds = ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The query text as subscribed (for {@code SELECT * FROM *}, the generated per-table text). */
    public String sql() {
        return sql;
    }

    /** The table whose rows the query returns. */
    public TableSchema table() {
        return table;
    }

    /** The returned table's canonical name (the {@code table_name} clients see). */
    public String tableName() {
        return tableName;
    }

    /** True if the returned table is an event table (deliver inserts as events). */
    public boolean isEvent() {
        return table.isEvent();
    }

    /** True if the plan depends on the caller's identity ({@code :sender}, directly or via RLS). */
    public boolean usesSender() {
        return usesSender;
    }

    /** True if the query has row-level-security fragments or joins (bag results may repeat rows). */
    public boolean isJoin() {
        return fragments.stream().anyMatch(f -> f.relations.size() > 1);
    }

    /** Number of fragments (more than one when several RLS rules apply). */
    public int fragmentCount() {
        return fragments.size();
    }

    /** The ids of every table the query reads, ascending. */
    public int[] tableIds() {
        return tableIds.clone();
    }

    /** True if a change to this table can change the result. */
    public boolean reads(int tableId) {
        for (int id : tableIds) {
            if (id == tableId) {
                return true;
            }
        }
        return false;
    }

    /** The rows currently matching, read from {@code state} (a bag, in evaluation order). */
    public List<Row> evaluate(TableReader state) {
        List<Row> out = new ArrayList<>();
        for (Fragment f : fragments) {
            f.evaluate(state, t -> out.add(t[f.returned]));
        }
        return visible(out);
    }

    /** The rows as clients see them: reshaped for a view. */
    private List<Row> visible(List<Row> rows) {
        if (shape == null || rows.isEmpty()) {
            return rows;
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(RowShape.apply(shape, r));
        }
        return out;
    }

    /**
     * The change of this query's result caused by {@code changes}, given {@code postState}: the
     * committed state after the transaction (see the class comment for the formula).
     */
    public Delta delta(ChangeSet changes, TableReader postState) {
        List<Row> ins = new ArrayList<>();
        List<Row> del = new ArrayList<>();
        boolean joined = false;
        for (Fragment f : fragments) {
            if (f.relations.size() == 1) {
                int id = f.relations.get(0).table().tableId();
                filter(f, postState, changes.inserts(id), ins);
                if (!f.relations.get(0).table().isEvent()) {
                    filter(f, postState, changes.deletes(id), del);
                }
            } else {
                joined = true;
                joinDelta(f, changes, postState, ins, del);
            }
        }
        if (joined && !ins.isEmpty() && !del.isEmpty()) {
            Delta d = cancel(ins, del);
            return new Delta(visible(d.inserts()), visible(d.deletes()));
        }
        return ins.isEmpty() && del.isEmpty() ? Delta.EMPTY : new Delta(visible(ins), visible(del));
    }

    private static void filter(Fragment f, TableReader state, List<Row> rows, List<Row> out) {
        if (!rows.isEmpty()) {
            f.evaluate(0, state, lists(rows, null), t -> out.add(t[f.returned]));
        }
    }

    private static void joinDelta(Fragment f, ChangeSet changes, TableReader post, List<Row> ins, List<Row> del) {
        int a = f.relations.get(0).table().tableId();
        int b = f.relations.get(1).table().tableId();
        List<Row> aIns = changes.inserts(a);
        List<Row> aDel = changes.deletes(a);
        List<Row> bIns = changes.inserts(b);
        List<Row> bDel = changes.deletes(b);
        if (f.relations.get(0).table().isEvent()) {
            term(f, post, aIns, null, ins);
            return;
        }
        term(f, post, aIns, null, ins);
        term(f, post, null, bIns, ins);
        term(f, post, aIns, bDel, ins);
        term(f, post, aDel, bIns, ins);
        term(f, post, aDel, null, del);
        term(f, post, null, bDel, del);
        term(f, post, aIns, bIns, del);
        term(f, post, aDel, bDel, del);
    }

    /** R(x, y) where a null side reads the post-transaction state. */
    private static void term(Fragment f, TableReader post, List<Row> x, List<Row> y, List<Row> out) {
        if ((x != null && x.isEmpty()) || (y != null && y.isEmpty())) {
            return;
        }
        int start = x != null ? 0 : 1;
        f.evaluate(start, post, lists(x, y), t -> out.add(t[f.returned]));
    }

    @SuppressWarnings("unchecked")
    private static List<Row>[] lists(List<Row> x, List<Row> y) {
        return new List[] {x, y};
    }

    /** Removes rows present in both lists, pairwise (multiset difference both ways). */
    private static Delta cancel(List<Row> ins, List<Row> del) {
        Map<Row, int[]> pending = new HashMap<>();
        for (Row r : del) {
            pending.computeIfAbsent(r, k -> new int[1])[0]++;
        }
        Map<Row, int[]> cancelled = new HashMap<>();
        List<Row> keptIns = new ArrayList<>(ins.size());
        for (Row r : ins) {
            int[] c = pending.get(r);
            if (c != null && c[0] > 0) {
                c[0]--;
                cancelled.computeIfAbsent(r, k -> new int[1])[0]++;
            } else {
                keptIns.add(r);
            }
        }
        if (cancelled.isEmpty()) {
            return new Delta(ins, del);
        }
        List<Row> keptDel = new ArrayList<>(del.size());
        for (Row r : del) {
            int[] c = cancelled.get(r);
            if (c != null && c[0] > 0) {
                c[0]--;
            } else {
                keptDel.add(r);
            }
        }
        return new Delta(keptIns, keptDel);
    }

    /** The plan of each fragment, for tests and diagnostics. */
    public List<String> describe() {
        return fragments.stream().map(Fragment::describe).toList();
    }

    @Override
    public String toString() {
        return "CompiledQuery[" + sql + "]";
    }
}

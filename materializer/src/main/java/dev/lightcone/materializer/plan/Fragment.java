package dev.lightcone.materializer.plan;

import java.util.List;

/**
 * One conjunctive query: relations, inner equi-joins between them and filter conditions. A query is a
 * bag union of fragments (more than one when row-level-security rules are substituted). Immutable.
 */
final class Fragment {
    final List<Relation> relations;
    final List<ColumnVsColumn> joins;
    final List<RowPredicate> conjuncts;
    /** The relation whose rows a subscription returns, or -1 (column projections). */
    final int returned;
    final boolean usesSender;
    /** {@code pipelines[i]} starts at relation i (computed for every relation of small fragments). */
    private final Pipeline[] pipelines;

    Fragment(List<Relation> relations, List<ColumnVsColumn> joins, List<RowPredicate> conjuncts, int returned) {
        this.relations = List.copyOf(relations);
        this.joins = List.copyOf(joins);
        this.conjuncts = List.copyOf(conjuncts);
        this.returned = returned;
        this.usesSender = conjuncts.stream().anyMatch(RowPredicate::usesSender);
        int n = relations.size();
        this.pipelines = new Pipeline[n <= 2 ? n : 1];
        for (int i = 0; i < pipelines.length; i++) {
            pipelines[i] = Pipeline.plan(this.relations, this.joins, this.conjuncts, i);
        }
    }

    /** The pipeline that reads relation {@code start} first. */
    Pipeline startingAt(int start) {
        return pipelines[start];
    }

    /** True if any relation is an event table (whose committed state is always empty). */
    boolean readsEventTable() {
        return relations.stream().anyMatch(r -> r.table().isEvent());
    }

    /** True if the fragment reads the table. */
    boolean reads(int tableId) {
        for (Relation r : relations) {
            if (r.table().tableId() == tableId) {
                return true;
            }
        }
        return false;
    }

    /** Evaluates over {@code reader}, reading every relation from it. */
    void evaluate(TableReader reader, TupleSink sink) {
        new Execution(this, pipelines[0], reader, null, sink).run();
    }

    /**
     * Evaluates with some relations replaced by explicit row lists ({@code explicit[r]} non-null);
     * {@code start} must be one of them, so evaluation is driven by the (small) lists.
     */
    void evaluate(int start, TableReader reader, List<dev.lightcone.executor.datastore.Row>[] explicit,
            TupleSink sink) {
        new Execution(this, pipelines[start], reader, explicit, sink).run();
    }

    /** A one-line account of the plan, for tests and logs. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        Pipeline p = pipelines[0];
        for (int i = 0; i < p.order.length; i++) {
            Relation r = relations.get(p.order[i]);
            if (i > 0) {
                sb.append(" -> ");
            }
            sb.append(r.table().name()).append(' ');
            if (i == 0) {
                sb.append(p.first.describe());
            } else if (p.steps[i] == null) {
                sb.append("cross");
            } else {
                sb.append(p.steps[i].index() != null ? "seek " + p.steps[i].index().name() : "hash");
            }
        }
        return sb.toString();
    }
}

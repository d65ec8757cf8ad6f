package dev.lightcone.materializer.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation order of a fragment: which relation is read first (and how), how each following
 * relation is joined, and which conditions are checked as soon as the relations they read are placed.
 */
final class Pipeline {
    /** Relation positions in evaluation order. */
    final int[] order;
    /** {@code steps[p]} joins {@code order[p]} for p &gt; 0; null means a cross product. */
    final JoinStep[] steps;
    /** Conditions checked after placing {@code order[p]}. */
    final RowPredicate[][] checks;
    /** How {@code order[0]} is read when it comes from a reader. */
    final AccessPath first;

    private Pipeline(int[] order, JoinStep[] steps, RowPredicate[][] checks, AccessPath first) {
        this.order = order;
        this.steps = steps;
        this.checks = checks;
        this.first = first;
    }

    /** Plans the order starting at relation {@code start}. */
    static Pipeline plan(List<Relation> relations, List<ColumnVsColumn> joins, List<RowPredicate> conjuncts,
            int start) {
        int n = relations.size();
        int[] order = new int[n];
        JoinStep[] steps = new JoinStep[n];
        order[0] = start;
        long placed = 1L << start;
        List<ColumnVsColumn> pending = new ArrayList<>(joins);
        for (int p = 1; p < n; p++) {
            ColumnVsColumn best = null;
            int bestRel = -1;
            boolean bestIndexed = false;
            for (ColumnVsColumn j : pending) {
                boolean leftPlaced = (placed & (1L << j.left().relation())) != 0;
                boolean rightPlaced = (placed & (1L << j.right().relation())) != 0;
                if (leftPlaced == rightPlaced) {
                    continue;
                }
                ColumnAccessor key = leftPlaced ? j.right() : j.left();
                boolean indexed = relations.get(key.relation()).indexLeadingWith(key.column(), false) != null;
                if (best == null || (indexed && !bestIndexed)) {
                    best = j;
                    bestRel = key.relation();
                    bestIndexed = indexed;
                }
            }
            if (best == null) {
                for (int r = 0; r < n; r++) {
                    if ((placed & (1L << r)) == 0) {
                        bestRel = r;
                        break;
                    }
                }
            } else {
                pending.remove(best);
                boolean leftIsKey = best.left().relation() == bestRel;
                ColumnAccessor key = leftIsKey ? best.left() : best.right();
                ColumnAccessor probe = leftIsKey ? best.right() : best.left();
                steps[p] = new JoinStep(probe, key, relations.get(bestRel).indexLeadingWith(key.column(), false));
            }
            order[p] = bestRel;
            placed |= 1L << bestRel;
        }
        List<RowPredicate> all = new ArrayList<>(conjuncts);
        all.addAll(pending);
        RowPredicate[][] checks = new RowPredicate[n][];
        long seen = 0;
        for (int p = 0; p < n; p++) {
            long before = seen;
            seen |= 1L << order[p];
            List<RowPredicate> here = new ArrayList<>();
            for (RowPredicate c : all) {
                long m = c.relationMask();
                if ((m & ~seen) == 0 && (p == 0 || (m & ~before) != 0)) {
                    here.add(c);
                }
            }
            checks[p] = here.toArray(new RowPredicate[0]);
        }
        return new Pipeline(order, steps, checks, accessPath(relations.get(start), start, conjuncts));
    }

    /** Picks an index seek for {@code col = v}, else an index range, else a scan. */
    private static AccessPath accessPath(Relation rel, int position, List<RowPredicate> conjuncts) {
        AccessPath range = null;
        for (RowPredicate c : conjuncts) {
            if (!(c instanceof ColumnVsValue v) || v.column().relation() != position) {
                continue;
            }
            int col = v.column().column();
            switch (v.op()) {
                case EQ -> {
                    var idx = rel.indexLeadingWith(col, false);
                    if (idx != null) {
                        return new AccessPath(idx, v.value(), null, false, null, false);
                    }
                }
                case LT, LE, GT, GE -> {
                    var idx = rel.indexLeadingWith(col, true);
                    if (idx == null) {
                        break;
                    }
                    boolean lowerSide = v.op() == dev.lightcone.materializer.sql.CompareOp.GT
                            || v.op() == dev.lightcone.materializer.sql.CompareOp.GE;
                    boolean inclusive = v.op() == dev.lightcone.materializer.sql.CompareOp.GE
                            || v.op() == dev.lightcone.materializer.sql.CompareOp.LE;
                    if (range == null) {
                        range = lowerSide ? new AccessPath(idx, null, v.value(), inclusive, null, false)
                                : new AccessPath(idx, null, null, false, v.value(), inclusive);
                    } else if (range.index().equals(idx)) {
                        if (lowerSide && range.lower() == null) {
                            range = new AccessPath(idx, null, v.value(), inclusive, range.upper(), range.upperInclusive());
                        } else if (!lowerSide && range.upper() == null) {
                            range = new AccessPath(idx, null, range.lower(), range.lowerInclusive(), v.value(), inclusive);
                        }
                    }
                }
                default -> {
                }
            }
        }
        return range != null ? range : AccessPath.SCAN;
    }
}

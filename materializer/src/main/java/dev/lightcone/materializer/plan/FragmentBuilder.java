package dev.lightcone.materializer.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A fragment under construction (binding and RLS substitution); copied before each rule is applied. */
final class FragmentBuilder {
    final List<Relation> relations = new ArrayList<>();
    /** For each relation, the tables whose RLS rules introduced it (to detect cycles). */
    final List<Set<Integer>> origins = new ArrayList<>();
    final List<ColumnVsColumn> joins = new ArrayList<>();
    final List<RowPredicate> conjuncts = new ArrayList<>();
    int returned = -1;

    int add(Relation r, Set<Integer> origin) {
        relations.add(r);
        origins.add(origin);
        return relations.size() - 1;
    }

    void addCondition(RowPredicate p) {
        if (p instanceof AllOf all) {
            all.parts().forEach(this::addCondition);
        } else if (!(p instanceof ConstantPredicate c && c.value())) {
            conjuncts.add(p);
        }
    }

    FragmentBuilder copy() {
        FragmentBuilder b = new FragmentBuilder();
        b.relations.addAll(relations);
        for (Set<Integer> o : origins) {
            b.origins.add(new HashSet<>(o));
        }
        b.joins.addAll(joins);
        b.conjuncts.addAll(conjuncts);
        b.returned = returned;
        return b;
    }

    Fragment build() {
        if (relations.size() > 62) {
            throw new UnsupportedQueryException("Too many relations in one query: " + relations.size());
        }
        return new Fragment(relations, joins, conjuncts, returned);
    }
}

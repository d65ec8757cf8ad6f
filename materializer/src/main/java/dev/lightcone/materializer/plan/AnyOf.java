package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import java.util.List;

/** A disjunction. */
record AnyOf(List<RowPredicate> parts) implements RowPredicate {
    AnyOf {
        parts = List.copyOf(parts);
    }

    @Override
    public boolean test(Row[] tuple) {
        for (int i = 0, n = parts.size(); i < n; i++) {
            if (parts.get(i).test(tuple)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long relationMask() {
        return RowPredicate.maskOf(parts);
    }

    @Override
    public boolean usesSender() {
        return RowPredicate.anyUsesSender(parts);
    }
}

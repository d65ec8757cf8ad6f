package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import java.util.ArrayList;
import java.util.List;

/** The rows of one table matching a WHERE clause (for UPDATE and DELETE). Immutable. */
public final class RowFilter {
    private final Fragment fragment;

    RowFilter(Fragment fragment) {
        this.fragment = fragment;
    }

    /** The matching rows of {@code state}, collected before the caller changes anything. */
    public List<Row> matching(TableReader state) {
        List<Row> out = new ArrayList<>();
        fragment.evaluate(state, t -> out.add(t[0]));
        return out;
    }

    /** How the rows are found, for tests and diagnostics. */
    public String describe() {
        return fragment.describe();
    }
}

package dev.lightcone.materializer.plan;

import dev.lightcone.executor.datastore.Row;
import java.util.List;

/** One query's change for one transaction: rows that joined and rows that left its result (bags). */
public record Delta(List<Row> inserts, List<Row> deletes) {
    /** No change. */
    public static final Delta EMPTY = new Delta(List.of(), List.of());

    public Delta {
        inserts = List.copyOf(inserts);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return inserts.isEmpty() && deletes.isEmpty();
    }
}

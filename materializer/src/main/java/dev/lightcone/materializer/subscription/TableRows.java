package dev.lightcone.materializer.subscription;

import dev.lightcone.executor.datastore.Row;
import java.util.List;

/** The rows of one query ({@code SingleTableRows}): the returned table's canonical name and its rows. */
public record TableRows(String table, List<Row> rows) {
    public TableRows {
        rows = List.copyOf(rows);
    }
}

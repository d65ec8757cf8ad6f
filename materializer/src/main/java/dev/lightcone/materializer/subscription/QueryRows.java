package dev.lightcone.materializer.subscription;

import java.util.List;

/** The rows of a query set ({@code QueryRows}): one entry per query, so a table may appear twice. */
public record QueryRows(List<TableRows> tables) {
    public QueryRows {
        tables = List.copyOf(tables);
    }
}

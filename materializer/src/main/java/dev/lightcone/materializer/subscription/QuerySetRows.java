package dev.lightcone.materializer.subscription;

import java.util.List;

/** The rows of a query set (the wire's {@code QueryRows}): one entry per query, so a table may appear twice. */
public record QuerySetRows(List<TableRows> tables) {
    public QuerySetRows {
        tables = List.copyOf(tables);
    }
}

package dev.lightcone.gateway.protocol;

import java.util.Objects;

/** The rows of one table in a {@link QueryRows}; {@code table} is the table's source name, e.g. {@code person}. */
public record SingleTableRows(String table, BsatnRowList rows) {
    /** Checks for nulls. */
    public SingleTableRows {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
    }
}

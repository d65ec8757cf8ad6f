package dev.lightcone.gateway.protocol;

import java.util.List;
import java.util.Objects;

/** The changes to one table (by source name) within one query set. */
public record TableUpdate(String tableName, List<TableUpdateRows> rows) {
    /** Copies the list. */
    public TableUpdate {
        Objects.requireNonNull(tableName, "tableName");
        rows = List.copyOf(rows);
    }
}

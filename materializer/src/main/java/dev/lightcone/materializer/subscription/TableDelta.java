package dev.lightcone.materializer.subscription;

import java.util.List;

/** One table of one query set (the wire's {@code TableUpdate}), one shared {@link QueryDelta} per affected query. */
public record TableDelta(String tableName, List<QueryDelta> updates) {
    public TableDelta {
        updates = List.copyOf(updates);
    }
}

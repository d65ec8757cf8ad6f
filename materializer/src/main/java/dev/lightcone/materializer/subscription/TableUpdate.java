package dev.lightcone.materializer.subscription;

import java.util.List;

/** {@code TableUpdate}: one table of one query set, one shared {@link QueryUpdate} per affected query. */
public record TableUpdate(String tableName, List<QueryUpdate> updates) {
    public TableUpdate {
        updates = List.copyOf(updates);
    }
}

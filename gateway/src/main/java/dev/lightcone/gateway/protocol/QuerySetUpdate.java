package dev.lightcone.gateway.protocol;

import java.util.List;
import java.util.Objects;

/** The changes a transaction made to one query set of one client. */
public record QuerySetUpdate(QuerySetId querySetId, List<TableUpdate> tables) {
    /** Copies the list. */
    public QuerySetUpdate {
        Objects.requireNonNull(querySetId, "querySetId");
        tables = List.copyOf(tables);
    }
}

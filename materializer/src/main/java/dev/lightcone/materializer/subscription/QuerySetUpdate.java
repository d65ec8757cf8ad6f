package dev.lightcone.materializer.subscription;

import java.util.List;

/** {@code QuerySetUpdate}: the affected tables of one query set, in the order its queries name them. */
public record QuerySetUpdate(int querySetId, List<TableUpdate> tables) {
    public QuerySetUpdate {
        tables = List.copyOf(tables);
    }
}

package dev.lightcone.materializer.subscription;

import java.util.List;

/** The affected tables of one query set (the wire's {@code QuerySetUpdate}), in the order its queries name them. */
public record QuerySetDelta(int querySetId, List<TableDelta> tables) {
    public QuerySetDelta {
        tables = List.copyOf(tables);
    }
}

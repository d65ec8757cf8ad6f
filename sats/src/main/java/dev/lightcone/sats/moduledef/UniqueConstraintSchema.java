package dev.lightcone.sats.moduledef;

import java.util.List;

/** A unique constraint over a set of columns, named {@code {table}_{cols}_key}. */
public record UniqueConstraintSchema(String name, List<Integer> columns) {
    public UniqueConstraintSchema {
        columns = List.copyOf(columns);
    }
}

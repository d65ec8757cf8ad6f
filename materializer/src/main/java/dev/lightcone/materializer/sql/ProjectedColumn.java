package dev.lightcone.materializer.sql;

import java.util.Optional;

/** One projected column and its optional {@code AS} alias. */
public record ProjectedColumn(ColumnRef column, Optional<String> alias) {

    /** The name of the output column: the alias, else the column's name. */
    public String outputName() {
        return alias.orElse(column.name());
    }
}

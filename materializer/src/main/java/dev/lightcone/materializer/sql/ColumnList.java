package dev.lightcone.materializer.sql;

import java.util.List;

/** {@code SELECT a.x, y AS z}: a column projection (SQL route only). */
public record ColumnList(List<ProjectedColumn> columns) implements Projection {
    public ColumnList {
        columns = List.copyOf(columns);
    }
}

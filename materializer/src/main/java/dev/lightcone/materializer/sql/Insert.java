package dev.lightcone.materializer.sql;

import java.util.List;

/**
 * {@code INSERT INTO table [(columns)] VALUES (..), (..)}.
 *
 * @param table   the table name
 * @param columns the listed columns, empty when the statement lists none
 * @param rows    the value tuples; each value is a literal or {@code :sender}
 */
public record Insert(String table, List<String> columns, List<List<Expr>> rows) implements Statement {
    public Insert {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}

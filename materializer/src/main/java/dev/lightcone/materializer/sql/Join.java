package dev.lightcone.materializer.sql;

/** {@code [INNER] JOIN table ON left = right}: an inner equi-join on two qualified columns. */
public record Join(TableRef table, ColumnRef left, ColumnRef right) {
}

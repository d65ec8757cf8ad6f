package dev.lightcone.materializer.sql;

/** {@code SELECT * FROM *}: one {@code SELECT * FROM t} per user table the caller may read. */
public record SelectAllTables() implements Statement {
}

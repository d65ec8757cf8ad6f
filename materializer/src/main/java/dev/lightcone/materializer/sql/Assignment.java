package dev.lightcone.materializer.sql;

/** {@code column = value} in an UPDATE; the value is a literal or {@code :sender}. */
public record Assignment(String column, Expr value) {
}

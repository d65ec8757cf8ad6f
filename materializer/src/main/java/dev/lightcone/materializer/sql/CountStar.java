package dev.lightcone.materializer.sql;

/** {@code SELECT COUNT(*) AS alias}: one row with one {@code u64} column. */
public record CountStar(String alias) implements Projection {
}

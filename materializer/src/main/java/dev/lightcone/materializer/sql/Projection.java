package dev.lightcone.materializer.sql;

/** The SELECT list. */
public sealed interface Projection permits Star, QualifiedStar, ColumnList, CountStar {
}

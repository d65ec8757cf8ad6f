package dev.lightcone.materializer.sql;

/** {@code SELECT *}: whole rows of the only relation. */
public record Star() implements Projection {
}

package dev.lightcone.materializer.sql;

/** {@code SELECT alias.*}: whole rows of one relation. */
public record QualifiedStar(String alias) implements Projection {
}

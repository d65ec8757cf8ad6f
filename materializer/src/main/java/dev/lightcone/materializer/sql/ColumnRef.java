package dev.lightcone.materializer.sql;

import java.util.Optional;

/** A column, optionally qualified by a relation alias: {@code x} or {@code a.x}. */
public record ColumnRef(Optional<String> qualifier, String name) implements Expr {

    public static ColumnRef of(String qualifier, String name) {
        return new ColumnRef(Optional.ofNullable(qualifier), name);
    }

    @Override
    public String toString() {
        return qualifier.map(q -> q + "." + name).orElse(name);
    }
}

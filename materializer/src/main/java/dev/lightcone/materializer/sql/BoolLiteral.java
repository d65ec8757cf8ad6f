package dev.lightcone.materializer.sql;

/** {@code true} or {@code false}. */
public record BoolLiteral(boolean value) implements Expr {
    @Override
    public String toString() {
        return Boolean.toString(value);
    }
}

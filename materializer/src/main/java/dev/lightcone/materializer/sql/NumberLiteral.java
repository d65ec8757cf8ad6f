package dev.lightcone.materializer.sql;

/** A numeric literal as written, sign included: {@code 42}, {@code -1.5}, {@code 1e3}. */
public record NumberLiteral(String text) implements Expr {
    @Override
    public String toString() {
        return text;
    }
}

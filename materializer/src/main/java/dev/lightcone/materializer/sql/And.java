package dev.lightcone.materializer.sql;

/** {@code left AND right}. */
public record And(Expr left, Expr right) implements Expr {
    @Override
    public String toString() {
        return "(" + left + " AND " + right + ")";
    }
}

package dev.lightcone.materializer.sql;

/** {@code left op right}. */
public record Comparison(Expr left, CompareOp op, Expr right) implements Expr {
    @Override
    public String toString() {
        return left + " " + op.symbol() + " " + right;
    }
}

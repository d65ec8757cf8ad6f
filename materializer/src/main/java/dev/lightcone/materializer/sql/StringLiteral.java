package dev.lightcone.materializer.sql;

/** A {@code 'string'} literal, unescaped. */
public record StringLiteral(String value) implements Expr {
    @Override
    public String toString() {
        return "'" + value.replace("'", "''") + "'";
    }
}

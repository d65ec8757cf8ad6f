package dev.lightcone.materializer.sql;

/** An expression in WHERE, ON, VALUES or SET. */
public sealed interface Expr permits ColumnRef, NumberLiteral, StringLiteral, HexLiteral, BoolLiteral, SenderParam,
        Comparison, And, Or {

    /** True for literals and {@code :sender}: the values that need no row. */
    default boolean isValue() {
        return this instanceof NumberLiteral || this instanceof StringLiteral || this instanceof HexLiteral
                || this instanceof BoolLiteral || this instanceof SenderParam;
    }
}

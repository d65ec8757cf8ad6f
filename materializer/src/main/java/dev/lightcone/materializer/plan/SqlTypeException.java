package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.SqlException;

/** A literal does not fit its column's type, or two operands cannot be compared. */
public final class SqlTypeException extends SqlException {
    private static final long serialVersionUID = 1L;

    public SqlTypeException(String message) {
        super(message);
    }

    static SqlTypeException invalidLiteral(String literal, String type) {
        return new SqlTypeException("The literal expression `" + literal + "` cannot be parsed as type `" + type + "`");
    }

    static SqlTypeException unexpected(String expected, String inferred) {
        return new SqlTypeException("Unexpected type: (expected) " + expected + " != " + inferred + " (inferred)");
    }

    static SqlTypeException invalidOp(String op, String type) {
        return new SqlTypeException("Invalid binary operator `" + op + "` for type `" + type + "`");
    }
}

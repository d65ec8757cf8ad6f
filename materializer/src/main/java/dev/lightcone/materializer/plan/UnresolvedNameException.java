package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.SqlException;

/** A table, alias or column the query names does not exist (or is private to the caller). */
public final class UnresolvedNameException extends SqlException {
    private static final long serialVersionUID = 1L;

    private UnresolvedNameException(String message) {
        super(message);
    }

    /** An unknown table, or one private to the caller. */
    public static UnresolvedNameException table(String name) {
        return new UnresolvedNameException("no such table: `" + name + "`. If the table exists, it may be marked private.");
    }

    /** A column the relation does not have. */
    public static UnresolvedNameException field(String relation, String column) {
        return new UnresolvedNameException("`" + relation + "` does not have a field `" + column + "`");
    }

    /** A qualifier that names no relation of the query. */
    public static UnresolvedNameException alias(String alias) {
        return new UnresolvedNameException("`" + alias + "` is not in scope");
    }
}

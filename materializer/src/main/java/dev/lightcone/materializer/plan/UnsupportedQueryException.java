package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.SqlException;

/** The query is well-formed but breaks a rule of subscriptions, joins or row-level security. */
public final class UnsupportedQueryException extends SqlException {
    private static final long serialVersionUID = 1L;

    public UnsupportedQueryException(String message) {
        super(message);
    }
}

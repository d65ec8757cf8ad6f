package dev.lightcone.materializer.sql;

import dev.lightcone.sats.LightconeException;

/**
 * The root of the materializer's SQL errors. The message is the text clients see (HTTP 400 body or
 * {@code SubscriptionError.error}), matching SpacetimeDB's wording where it is known.
 */
public abstract class SqlException extends LightconeException {
    private static final long serialVersionUID = 1L;

    protected SqlException(String message) {
        super(message);
    }
}

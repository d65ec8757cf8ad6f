package dev.lightcone.gateway.protocol;

import java.util.Objects;

/** {@code Result<QueryRows, string>} of a one-off query. */
public sealed interface QueryOutcome {

    /** Tag 0: the query's rows. */
    record Ok(QueryRows rows) implements QueryOutcome {
        /** Checks for nulls. */
        public Ok {
            Objects.requireNonNull(rows, "rows");
        }
    }

    /** Tag 1: why the query failed. */
    record Err(String message) implements QueryOutcome {
        /** Checks for nulls. */
        public Err {
            Objects.requireNonNull(message, "message");
        }
    }
}

package dev.lightcone.materializer.plan;

import dev.lightcone.sats.Identity;
import java.util.Objects;

/**
 * Who runs a query: their identity (bound to {@code :sender}) and whether they own the database
 * (owners read private tables, bypass row-level security and may run DML).
 */
public record Caller(Identity identity, boolean isOwner) {
    public Caller {
        Objects.requireNonNull(identity, "identity");
    }

    /** The database owner. */
    public static Caller owner(Identity identity) {
        return new Caller(identity, true);
    }

    /** Anyone else. */
    public static Caller client(Identity identity) {
        return new Caller(identity, false);
    }
}

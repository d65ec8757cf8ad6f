package dev.lightcone.materializer.plan;

import dev.lightcone.sats.Identity;
import java.util.Objects;

/**
 * Who runs a query: their identity (bound to {@code :sender}) and whether they own the database
 * (owners read private tables, bypass row-level security and may run DML).
 */
public record SqlCaller(Identity identity, boolean isOwner) {
    public SqlCaller {
        Objects.requireNonNull(identity, "identity");
    }

    /** The database owner. */
    public static SqlCaller owner(Identity identity) {
        return new SqlCaller(identity, true);
    }

    /** Anyone else. */
    public static SqlCaller client(Identity identity) {
        return new SqlCaller(identity, false);
    }
}

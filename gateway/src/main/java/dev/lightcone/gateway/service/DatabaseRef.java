package dev.lightcone.gateway.service;

import dev.lightcone.sats.Identity;
import java.util.Objects;

/** The {@code {db}} path segment: a database identity when it parses as 64 hex digits, else a name. */
public sealed interface DatabaseRef {

    /** A database by one of its names. */
    record ByName(String name) implements DatabaseRef {
        /** Checks for nulls. */
        public ByName {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A database by its identity. */
    record ByIdentity(Identity identity) implements DatabaseRef {
        /** Checks for nulls. */
        public ByIdentity {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** Interprets a path segment as SpacetimeDB does ({@code NameOrIdentity}). */
    static DatabaseRef parse(String segment) {
        return Identity.isHex(segment) ? new ByIdentity(Identity.fromHex(segment)) : new ByName(segment);
    }
}

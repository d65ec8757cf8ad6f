package dev.lightcone.gateway.service;

import dev.lightcone.sats.Identity;
import java.util.Objects;
import java.util.Optional;

/** How a publish ended; each case has its own response shape. */
public sealed interface PublishOutcome {

    /** Whether the publish created a database or updated one. */
    enum Op {
        /** A new database. */
        CREATED,
        /** An existing database got a new program. */
        UPDATED
    }

    /** 200 {@code {"Success":{"domain":…,"database_identity":…,"op":…}}}. */
    record Success(Optional<String> domain, Identity databaseIdentity, Op op) implements PublishOutcome {
        /** Checks for nulls. */
        public Success {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(databaseIdentity, "databaseIdentity");
            Objects.requireNonNull(op, "op");
        }
    }

    /** 401 {@code {"PermissionDenied":{"name":…}}}: the name belongs to someone else. */
    record PermissionDenied(String name) implements PublishOutcome {
        /** Checks for nulls. */
        public PermissionDenied {
            Objects.requireNonNull(name, "name");
        }
    }

    /** 400 with {@code message} as text: the module is invalid or the migration is refused. */
    record Refused(String message) implements PublishOutcome {
        /** Checks for nulls. */
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }
}

package dev.lightcone.gateway.service;

import java.util.Objects;

/** What publishing a program over an existing database would do ({@code POST /v1/database/{db}/pre_publish}). */
public sealed interface PrePublishOutcome {

    /** The migration can run automatically; {@code token} is the plan hash to send back with the publish. */
    record AutoMigrate(String migratePlan, boolean breakClients, String token, boolean majorVersionUpgrade)
            implements PrePublishOutcome {
        /** Checks for nulls. */
        public AutoMigrate {
            Objects.requireNonNull(migratePlan, "migratePlan");
            Objects.requireNonNull(token, "token");
        }
    }

    /** The change needs a manual migration (or {@code clear}). */
    record ManualMigrate(String reason, boolean majorVersionUpgrade) implements PrePublishOutcome {
        /** Checks for nulls. */
        public ManualMigrate {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * Publishes (or updates) the module of a database.
 *
 * @param database          the database identity
 * @param owner             the identity of the publisher
 * @param module            the module bytes or their hash
 * @param clear             whether existing data is dropped first ({@code spacetime publish --delete-data})
 * @param timestamp         when ingest stamped it
 * @param breakClientsToken the migration token the publisher approved with {@code policy=BreakClients}, or
 *                          empty for the {@code Compatible} policy (a client-breaking migration is refused)
 */
public record PublishModule(Identity database, Identity owner, ModuleSource module, boolean clear,
                            Timestamp timestamp, String breakClientsToken) implements Command {

    public PublishModule {
        if (breakClientsToken == null) {
            throw new IllegalArgumentException("breakClientsToken must not be null (empty for the Compatible policy)");
        }
    }

    /** A publish under the {@code Compatible} policy. */
    public PublishModule(Identity database, Identity owner, ModuleSource module, boolean clear, Timestamp timestamp) {
        this(database, owner, module, clear, timestamp, "");
    }

    /** True if the publisher allowed a client-breaking migration. */
    public boolean allowsBreakingClients() {
        return !breakClientsToken.isEmpty();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitPublishModule(this);
    }

}

package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * Publishes (or updates) the module of a database.
 *
 * @param database the database identity
 * @param owner    the identity of the publisher
 * @param module   the module bytes or their hash
 * @param clear    whether existing data is dropped first ({@code spacetime publish --delete-data})
 */
public record PublishModule(Identity database, Identity owner, ModuleSource module, boolean clear,
                            Timestamp timestamp) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitPublishModule(this);
    }

}

package dev.lightcone.gateway.service;

import dev.lightcone.sats.Identity;
import java.util.Objects;

/**
 * A database as the routes see it.
 *
 * @param databaseIdentity   the database's identity
 * @param ownerIdentity      who published it
 * @param hostType           the kind of program it runs
 * @param initialProgramHash hex of the hash of the program it was created with
 */
public record DatabaseInfo(Identity databaseIdentity, Identity ownerIdentity, HostType hostType,
        String initialProgramHash) {
    /** Checks for nulls. */
    public DatabaseInfo {
        Objects.requireNonNull(databaseIdentity, "databaseIdentity");
        Objects.requireNonNull(ownerIdentity, "ownerIdentity");
        Objects.requireNonNull(hostType, "hostType");
        Objects.requireNonNull(initialProgramHash, "initialProgramHash");
    }
}

package dev.lightcone.gateway.node;

import dev.lightcone.sats.Identity;
import java.util.List;

/**
 * One database as the catalog knows it.
 *
 * @param identity the database's identity
 * @param owner    who published it first and may update, delete and read its logs
 * @param names    the names it answers to
 */
record CatalogEntry(Identity identity, Identity owner, List<String> names) {
    CatalogEntry {
        names = List.copyOf(names);
    }
}

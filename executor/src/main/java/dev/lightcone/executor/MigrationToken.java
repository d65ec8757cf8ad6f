package dev.lightcone.executor;

import dev.lightcone.sats.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token a publisher echoes with {@code policy=BreakClients} to approve a client-breaking migration:
 * a hash of the database identity and the old and new module hashes, as upstream derives it (with
 * Lightcone's module hash, SHA-256). Not a secret: it only proves the publisher saw this exact plan.
 */
public final class MigrationToken {
    private MigrationToken() {
    }

    /** The token for migrating {@code database} from module {@code oldModuleHash} to {@code newModuleHash}. */
    public static String of(Identity database, String oldModuleHash, String newModuleHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((database.toHex() + oldModuleHash + newModuleHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

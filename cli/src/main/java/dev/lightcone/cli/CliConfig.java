package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The command line's saved identities, one per server, in {@code ~/.config/lightcone/cli.json} (like the
 * {@code spacetime} CLI's {@code cli.toml}): {@code {"servers":{"<url>":{"identity":"<hex>","token":"<jwt>"}}}}.
 * Tokens are signed by the server that minted them, so each server has its own.
 */
public final class CliConfig {
    /** Environment variable that overrides the config file's location. */
    public static final String ENV = "LIGHTCONE_CLI_CONFIG";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    /** A saved identity: its hex and its long-lived token. */
    public record SavedIdentity(String identity, String token) {
    }

    private CliConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** The default location: {@code $LIGHTCONE_CLI_CONFIG}, else {@code ~/.config/lightcone/cli.json}. */
    public static Path defaultFile() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".config", "lightcone", "cli.json");
    }

    /** Reads {@code file}, or starts empty when it does not exist. */
    public static CliConfig load(Path file) {
        if (!Files.exists(file)) {
            return new CliConfig(file, JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CliException("the config file " + file + " does not hold a JSON object");
            }
            return new CliConfig(file, (ObjectNode) node);
        } catch (IOException e) {
            throw new CliException("cannot read the config file " + file + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }

    /** The file this config is kept in. */
    public Path file() {
        return file;
    }

    /** The identity saved for {@code server}, if any. */
    public Optional<SavedIdentity> identity(String server) {
        JsonNode s = root.path("servers").path(server);
        if (!s.path("token").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new SavedIdentity(s.path("identity").asText(""), s.get("token").asText()));
    }

    /** Saves {@code identity} for {@code server} and writes the file (owner-readable only where supported). */
    public void save(String server, SavedIdentity identity) {
        ObjectNode servers = root.has("servers") && root.get("servers").isObject()
                ? (ObjectNode) root.get("servers") : root.putObject("servers");
        servers.putObject(server).put("identity", identity.identity()).put("token", identity.token());
        write();
    }

    /** Forgets the identity saved for {@code server}; true if there was one. */
    public boolean forget(String server) {
        if (!(root.get("servers") instanceof ObjectNode servers) || servers.remove(server) == null) {
            return false;
        }
        write();
        return true;
    }

    private void write() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.writeString(tmp, root.toPrettyString() + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: keep the platform's default permissions.
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write the config file " + file + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }
}

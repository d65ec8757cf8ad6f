package dev.lightcone.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every client command shares: which server, and which identity to talk to it as. */
public final class ClientOptions {

    @Mixin
    ServerOptions where;

    @Option(names = "--token", paramLabel = "JWT",
            description = "Authenticate with this token instead of the identity saved for the server.")
    String token;

    @Option(names = "--anonymous",
            description = "Send no token: the server mints a throwaway identity for this request.")
    boolean anonymous;

    /** The server URL without a trailing slash. */
    String serverUrl() {
        return where.serverUrl();
    }

    /** The config file to use. */
    Path configFile() {
        return where.configFile();
    }
}

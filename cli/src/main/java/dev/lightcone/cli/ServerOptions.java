package dev.lightcone.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which server a client command talks to, and where the identities saved for servers are kept. */
public final class ServerOptions {

    @Option(names = {"-s", "--server"}, paramLabel = "URL",
            defaultValue = "${env:LIGHTCONE_SERVER:-http://127.0.0.1:3000}",
            description = "The server's base URL (default: ${DEFAULT-VALUE}; env LIGHTCONE_SERVER).")
    String server;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Where saved identities are kept (default: $LIGHTCONE_CLI_CONFIG or ~/.config/lightcone/cli.json).")
    Path config;

    /** The server URL without a trailing slash. */
    String serverUrl() {
        String s = server.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw CliException.usage("--server must be an http:// or https:// URL, got '" + server + "'");
        }
        return s;
    }

    /** The config file to use. */
    Path configFile() {
        return config != null ? config : CliConfig.defaultFile();
    }
}

package dev.lightcone.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} of the operator commands, which work on a stopped server's data directory. */
public final class DataDirOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "lightcone-data",
            description = "The server's data directory (default: ${DEFAULT-VALUE}); the server must be stopped.")
    Path dataDir;

    /** Locks the existing data directory against a running server (and other operator commands). */
    DataDirLock lockExisting() {
        if (!Files.isDirectory(dataDir)) {
            throw new CliException("there is no data directory " + dataDir);
        }
        return DataDirLock.acquire(dataDir);
    }
}

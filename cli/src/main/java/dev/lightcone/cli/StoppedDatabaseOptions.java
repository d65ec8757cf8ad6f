package dev.lightcone.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which database of which data directory an operator command works on; the server must be stopped. */
public final class StoppedDatabaseOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "lightcone-data",
            description = "The server's data directory (default: ${DEFAULT-VALUE}); the server must be stopped.")
    Path dataDir;

    @Option(names = {"-d", "--database"}, paramLabel = "NAME_OR_IDENTITY", required = true,
            description = "The database.")
    String database;

    /** Locks the existing data directory against a running server (and other operator commands). */
    DataDirLock lock() {
        if (!Files.isDirectory(dataDir)) {
            throw new CliException("there is no data directory " + dataDir);
        }
        return DataDirLock.acquire(dataDir);
    }

    /** The database (call with the lock held). */
    DataDirectory.DatabaseDir find() {
        return DataDirectory.find(dataDir, database);
    }
}

package dev.lightcone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone restore}: puts a database directory made by {@code lightcone backup} back into a data directory,
 * under its identity and names. An existing database with that identity is only replaced with {@code --force}; a
 * different database holding one of its names is refused. The server must be stopped.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a database from a backup directory (the server must be stopped).")
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-b", "--backup"}, paramLabel = "DIR", required = true,
            description = "The backup directory (made by `lightcone backup`).")
    Path backup;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "lightcone-data",
            description = "The data directory to restore into (default: ${DEFAULT-VALUE}); the server must be stopped.")
    Path dataDir;

    @Option(names = "--force", description = "Replace the database if the data directory already holds it.")
    boolean force;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(backup.resolve(DataDirectory.META)) || !Files.isDirectory(backup.resolve("commands"))) {
            throw new CliException(backup + " is not a database backup (it needs meta.json and commands/)");
        }
        DataDirectory.DatabaseDir saved = DataDirectory.read(backup);
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            for (DataDirectory.DatabaseDir other : DataDirectory.list(dataDir)) {
                if (!other.identity().equals(saved.identity())) {
                    for (String n : saved.names()) {
                        if (other.names().contains(n)) {
                            throw new CliException("the name `" + n + "` belongs to another database in " + dataDir
                                    + " (" + other.identity().toHex() + ")");
                        }
                    }
                }
            }
            Path into = DataDirectory.databaseDir(dataDir, saved.identity());
            boolean replacing = Files.exists(into);
            if (replacing && !force) {
                throw new CliException(dataDir + " already holds " + saved.label() + "; pass --force to replace it");
            }
            // Copy beside databases/ first (where the node does not look), then swap it in: a failure at any step
            // leaves the data directory as it was.
            String hex = saved.identity().toHex();
            Path staging = dataDir.resolve(".restoring-" + hex);
            Path previous = dataDir.resolve(".replaced-" + hex);
            DataDirectory.deleteTree(staging);
            DataDirectory.deleteTree(previous);
            DataDirectory.CopyStats stats;
            try {
                stats = DataDirectory.copyTree(backup, staging);
                Files.createDirectories(into.getParent());
                if (replacing) {
                    Files.move(into, previous, StandardCopyOption.ATOMIC_MOVE);
                }
                try {
                    Files.move(staging, into, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (replacing) {
                        Files.move(previous, into, StandardCopyOption.ATOMIC_MOVE);
                    }
                    throw e;
                }
            } catch (IOException e) {
                DataDirectory.deleteTree(staging);
                throw new CliException("cannot restore into " + into + ": " + e, CliException.FAILED, e);
            } catch (CliException e) {
                DataDirectory.deleteTree(staging);
                throw e;
            }
            DataDirectory.deleteTree(previous);
            out.println((replacing ? "Replaced " : "Restored ") + saved.label() + " in " + dataDir + ": "
                    + stats.files() + " files, " + DataDirectory.size(stats.bytes()));
        }
        out.flush();
        return 0;
    }
}

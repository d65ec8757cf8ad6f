package dev.lightcone.cli;

import dev.lightcone.executor.writer.DatabaseWriter;
import dev.lightcone.executor.writer.LogTools;
import dev.lightcone.executor.writer.WriterStorage;
import dev.lightcone.gateway.auth.SigningKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone log replay}: time travel. Copies a database's command-log records up to and including an offset
 * into a fresh data directory and applies them there, so {@code lightcone start --data-dir TARGET} serves the
 * database as it was right after that record. The target gets the database's {@code meta.json} (same identity,
 * owner and names) and, if it has none, the source's signing keys, so the owner's saved token still works there.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild a database as it was at a log offset, in another data directory.")
public final class LogReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoppedDatabaseOptions data;

    @Option(names = "--to", paramLabel = "OFFSET", required = true,
            description = "The last record to apply (see `lightcone log inspect`).")
    long to;

    @Option(names = "--target", paramLabel = "DIR", required = true,
            description = "The data directory to build the database in (new, or without this database).")
    Path target;

    @Override
    public Integer call() throws InterruptedException {
        if (to < 0) {
            throw CliException.usage("--to must not be negative");
        }
        if (sameDirectory(data.dataDir, target)) {
            throw CliException.usage("--target must be another data directory than --data-dir");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock source = data.lock(); DataDirLock dest = DataDirLock.acquire(target)) {
            DataDirectory.DatabaseDir db = data.find();
            Path into = DataDirectory.databaseDir(target, db.identity());
            if (!DataDirectory.isAbsentOrEmpty(into)) {
                throw new CliException(target + " already holds database " + db.identity().toHex()
                        + "; replay into a fresh data directory");
            }
            long copied;
            try (WriterStorage from = WriterStorage.open(db.dir())) {
                long first = from.commands().firstOffset();
                long end = from.commands().endOffset();
                if (to < first || to >= end) {
                    throw new CliException("offset " + to + " is not in the log of " + db.label() + ", which holds "
                            + (end > first ? "offsets " + first + " to " + (end - 1) : "no records"));
                }
                copied = replay(db, from, into);
            }
            copyKeys(data.dataDir, target);
            out.println("Replayed " + copied + " records (offsets up to " + to + ") of " + db.label() + " into "
                    + target);
            out.println("Serve it with: lightcone start --data-dir " + target);
        }
        out.flush();
        return 0;
    }

    private long replay(DataDirectory.DatabaseDir db, WriterStorage from, Path into) throws InterruptedException {
        boolean done = false;
        try {
            Files.createDirectories(into);
            Path blobs = db.dir().resolve("blobs");
            if (Files.isDirectory(blobs)) {
                // Publish records may name their module by hash; the blobs are content-addressed, so copying is safe.
                DataDirectory.copyTree(blobs, into.resolve("blobs"));
            }
            long copied;
            try (WriterStorage dest = WriterStorage.open(into)) {
                copied = LogTools.replayTo(from, to, dest,
                        DatabaseWriter.Options.of(db.identity(), db.identity().toHex().substring(0, 12)));
            }
            Files.copy(db.dir().resolve(DataDirectory.META), into.resolve(DataDirectory.META));
            done = true;
            return copied;
        } catch (IOException e) {
            throw new CliException("cannot write " + into + ": " + e.getMessage(), CliException.FAILED, e);
        } finally {
            if (!done) {
                DataDirectory.deleteTree(into);
            }
        }
    }

    private static void copyKeys(Path from, Path to) {
        if (Files.exists(to.resolve(SigningKeys.PRIVATE_KEY_FILE))) {
            return;
        }
        for (String name : new String[] {SigningKeys.PRIVATE_KEY_FILE, SigningKeys.PUBLIC_KEY_FILE}) {
            Path src = from.resolve(name);
            if (Files.exists(src)) {
                try {
                    Files.copy(src, to.resolve(name), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new CliException("cannot copy the signing key " + src + ": " + e.getMessage(),
                            CliException.FAILED, e);
                }
            }
        }
    }

    static boolean sameDirectory(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall through to the textual comparison.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}

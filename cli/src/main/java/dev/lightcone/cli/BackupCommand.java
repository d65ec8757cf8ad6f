package dev.lightcone.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone backup}: copies one database's directory (command log, effect log, snapshots, module blobs,
 * {@code meta.json}) to a new directory. The server must be stopped (the data directory's lock is taken), so the
 * copy is consistent.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy a database's directory to a backup directory (the server must be stopped).")
public final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoppedDatabaseOptions data;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "The backup directory to create (must not exist or be empty).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try (DataDirLock lock = data.lock()) {
            DataDirectory.DatabaseDir db = data.find();
            if (!DataDirectory.isAbsentOrEmpty(out)) {
                throw new CliException(out + " already exists and is not empty; back up into a new directory");
            }
            DataDirectory.CopyStats stats;
            try {
                stats = DataDirectory.copyTree(db.dir(), out);
            } catch (CliException e) {
                DataDirectory.deleteTree(out);
                throw e;
            }
            o.println("Backed up " + db.label() + " to " + out + ": " + stats.files() + " files, "
                    + DataDirectory.size(stats.bytes()));
        }
        o.flush();
        return 0;
    }
}

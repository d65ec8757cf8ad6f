package dev.lightcone.cli;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.chronicle.ChronicleCommandLog;
import dev.lightcone.executor.writer.WriterStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightcone log truncate --at OFFSET}: the explicit repair of a damaged command log. Backs the database up
 * first, then keeps only the records before {@code OFFSET} (rewritten into a fresh log) and drops the effect log
 * and snapshots, which the server rebuilds from the kept records at its next start. Records from {@code OFFSET}
 * on are lost (they stay in the backup).
 */
@Command(name = "truncate", mixinStandardHelpOptions = true,
        description = "Keep only the command-log records before an offset, after backing the database up "
                + "(the server must be stopped).")
public final class LogTruncateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoppedDatabaseOptions data;

    @Option(names = "--at", paramLabel = "OFFSET", required = true,
            description = "The first record to drop (see `lightcone log verify`).")
    long at;

    @Option(names = "--backup", paramLabel = "DIR",
            description = "Where to back the database up first (default: DATA_DIR/backups/<identity>-before-truncate-at-OFFSET).")
    Path backup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock lock = data.lock()) {
            DataDirectory.DatabaseDir db = data.find();
            long first;
            long end;
            try (WriterStorage storage = WriterStorage.open(db.dir())) {
                LogCheck.CommandsReport report = LogCheck.commands(storage);
                first = report.first();
                end = report.end();
                if (first != 0) {
                    throw new CliException("the command log of " + db.label() + " starts at offset " + first
                            + "; only logs that start at 0 can be truncated");
                }
                if (at <= first) {
                    throw CliException.usage("--at " + at + " would keep no record; the log starts at " + first);
                }
                if (at >= end) {
                    throw CliException.usage("the log of " + db.label() + " ends at offset " + (end - 1)
                            + "; --at " + at + " cuts nothing");
                }
                if (at > report.intactEnd()) {
                    throw new CliException("record " + report.intactEnd() + " is damaged too ("
                            + report.damage().map(LogCheck.Damage::reason).orElse("") + "); --at must be at most "
                            + report.intactEnd());
                }
            }
            Path backupDir = backup != null ? backup
                    : data.dataDir.resolve("backups").resolve(db.identity().toHex() + "-before-truncate-at-" + at);
            if (!DataDirectory.isAbsentOrEmpty(backupDir)) {
                throw new CliException(backupDir + " already exists and is not empty; pass --backup with a new directory");
            }
            DataDirectory.CopyStats stats = DataDirectory.copyTree(db.dir(), backupDir);
            out.println("Backed up " + db.label() + " to " + backupDir + ": " + stats.files() + " files, "
                    + DataDirectory.size(stats.bytes()));
            rewrite(db.dir(), at);
            out.println("Truncated the command log of " + db.label() + " at offset " + at + ": kept records 0 to "
                    + (at - 1) + ", dropped " + (end - at) + " (still in the backup); the effect log and snapshots "
                    + "are rebuilt at the next start");
        }
        out.flush();
        return 0;
    }

    /** Copies records {@code [0, at)} into a fresh log, then puts it in place of the old one and drops derived data. */
    private static void rewrite(Path dbDir, long at) {
        Path commands = dbDir.resolve("commands");
        Path fresh = dbDir.resolve("commands.truncating");
        DataDirectory.deleteTree(fresh);
        try (CommandLog from = ChronicleCommandLog.open(commands); CommandLog to = ChronicleCommandLog.open(fresh);
                LogTailer<LoggedCommand> t = from.tail(0)) {
            for (long next = 0; next < at; next++) {
                LoggedCommand c = t.poll();
                if (c == null || c.offset() != next) {
                    throw new CliException("record " + next + " could not be read while copying; nothing was changed");
                }
                to.append(c.command());
            }
        } catch (RuntimeException e) {
            DataDirectory.deleteTree(fresh);
            throw e;
        }
        try {
            DataDirectory.deleteTree(commands);
            Files.move(fresh, commands);
        } catch (IOException e) {
            throw new CliException("cannot put the truncated log in place of " + commands + " (" + e.getMessage()
                    + "); restore the backup", CliException.FAILED, e);
        }
        DataDirectory.deleteTree(dbDir.resolve("effects"));
        DataDirectory.deleteTree(dbDir.resolve("snapshots"));
    }
}

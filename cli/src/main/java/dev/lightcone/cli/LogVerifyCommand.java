package dev.lightcone.cli;

import dev.lightcone.executor.writer.WriterStorage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lightcone log verify}: reads a database's command log and effect log from end to end, checking every
 * record, and says where the first damaged record is. Exit status 1 when the command log is damaged (the effect
 * log is derived data: the server rebuilds it at start-up).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every record of a database's command log and effect log (the server must be stopped).")
public final class LogVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoppedDatabaseOptions data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int status = 0;
        try (DataDirLock lock = data.lock()) {
            DataDirectory.DatabaseDir db = data.find();
            try (WriterStorage storage = WriterStorage.open(db.dir())) {
                LogCheck.CommandsReport commands = LogCheck.commands(storage);
                out.println("Database " + db.label());
                if (commands.damage().isEmpty()) {
                    out.println("command log: offsets " + commands.first() + " to " + (commands.end() - 1) + " ("
                            + (commands.end() - commands.first()) + " records): every record intact");
                } else {
                    LogCheck.Damage d = commands.damage().get();
                    out.println("command log: DAMAGED at offset " + d.offset() + " in " + d.file() + ": " + d.reason());
                    out.println("  records " + commands.first() + " to " + (d.offset() - 1) + " are intact; "
                            + (commands.end() - d.offset()) + " from offset " + d.offset() + " cannot be read");
                    out.println("  keep the intact ones with: lightcone log truncate --database "
                            + db.identity().toHex() + " --at " + d.offset() + " --data-dir " + data.dataDir);
                    status = CliException.FAILED;
                }
                LogCheck.EffectsReport effects = LogCheck.effects(storage);
                if (effects.damage().isEmpty()) {
                    out.println("effect log: " + effects.entries() + " entries intact");
                } else {
                    out.println("effect log: damaged after " + effects.entries() + " entries: "
                            + effects.damage().get() + " (derived data: rebuilt from the command log at the next start)");
                }
            }
        }
        out.flush();
        return status;
    }
}

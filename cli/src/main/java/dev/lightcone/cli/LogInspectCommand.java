package dev.lightcone.cli;

import dev.lightcone.executor.writer.LogEntry;
import dev.lightcone.executor.writer.LogTools;
import dev.lightcone.executor.writer.WriterStorage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightcone log inspect}: lists a database's command-log records with the outcome its effect log recorded
 * for each: offset, kind, time, caller, function, outcome.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List command-log records: offset, kind, time, caller, function, outcome.")
public final class LogInspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoppedDatabaseOptions data;

    @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0", description = "First offset (default: 0).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N records (default: 100).")
    int limit;

    @Option(names = "--json", description = "Print one JSON object per record, with full identities.")
    boolean json;

    @Override
    public Integer call() {
        if (from < 0 || limit < 1) {
            throw CliException.usage("--from must not be negative and --limit must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock lock = data.lock()) {
            DataDirectory.DatabaseDir db = data.find();
            try (WriterStorage storage = WriterStorage.open(db.dir())) {
                long first = storage.commands().firstOffset();
                long end = storage.commands().endOffset();
                List<LogEntry> entries = LogTools.inspect(storage, from, limit);
                if (json) {
                    for (LogEntry e : entries) {
                        out.println(ServerClient.JSON.createObjectNode().put("offset", e.offset()).put("kind", e.kind())
                                .put("time", e.timestamp()).put("caller", e.caller()).put("function", e.function())
                                .put("outcome", e.outcome()));
                    }
                } else {
                    out.println("Database " + db.label() + ": log offsets " + first + " to " + (end - 1)
                            + " (" + (end - first) + " records)");
                    List<List<String>> rows = new ArrayList<>();
                    for (LogEntry e : entries) {
                        rows.add(List.of(Long.toString(e.offset()), e.kind(), e.timestamp(), shortHex(e.caller()),
                                e.function(), e.outcome()));
                    }
                    out.print(TextTable.render(List.of("offset", "kind", "time", "caller", "function", "outcome"), rows));
                    out.println(TextTable.count(rows.size()));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** An identity shortened for a table: its first 16 hex digits and an ellipsis. */
    static String shortHex(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }
}

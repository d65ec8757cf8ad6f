package dev.lightcone.commitlog.chronicle;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.CommandLogContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class ChronicleCommandLogTest extends CommandLogContract {
    @TempDir
    Path tmp;
    private final Map<CommandLog, Path> dirs = new HashMap<>();
    private int count;

    @Override
    protected CommandLog newLog() {
        Path dir = tmp.resolve("log-" + count++);
        CommandLog log = ChronicleCommandLog.open(dir);
        dirs.put(log, dir);
        return log;
    }

    @Override
    protected CommandLog reopen(CommandLog log) {
        log.close();
        Path dir = dirs.get(log);
        CommandLog again = ChronicleCommandLog.open(dir);
        dirs.put(again, dir);
        return again;
    }
}

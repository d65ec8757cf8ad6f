package dev.lightcone.executor.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogToolsTest {
    private static DatabaseWriter.Options options() {
        return DatabaseWriter.Options.of(Workload.DB, "bank").withDisconnectStale(false);
    }

    @Test
    void inspectListsRecordsWithTheirOutcomes(@TempDir Path dir) throws Exception {
        try (WriterStorage storage = WriterStorage.open(dir)) {
            long last = Workload.append(storage.commands(), 9, 30);
            try (DatabaseWriter w = DatabaseWriter.open(storage, options())) {
                w.awaitApplied(last, 60, TimeUnit.SECONDS);
            }
            List<LogEntry> entries = LogTools.inspect(storage, 0, 5);
            assertEquals(5, entries.size());
            assertEquals(new LogEntry(0, "PublishModule", entries.get(0).timestamp(), Workload.OWNER.toHex(), "publish",
                    "committed"), entries.get(0));
            assertEquals("seed", entries.get(1).function());
            assertEquals("committed", entries.get(1).outcome());
        }
    }

    @Test
    void replayToAnOffsetRebuildsThePastState() throws Exception {
        CommandLog log = InMemoryCommandLog.create();
        long mid = Workload.append(log, 21, 100);
        byte[] atMid;
        try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(log), options())) {
            w.awaitApplied(mid, 60, TimeUnit.SECONDS);
            atMid = StateDump.of(w.host().orElseThrow());
        }
        Workload.append(log, 22, 100);
        WriterStorage past = WriterStorage.inMemory();
        assertEquals(mid + 1, LogTools.replayTo(WriterStorage.replaying(log), mid, past, options()));
        try (DatabaseWriter w = DatabaseWriter.open(past, options())) {
            assertArrayEquals(atMid, StateDump.of(w.host().orElseThrow()));
        }
    }
}

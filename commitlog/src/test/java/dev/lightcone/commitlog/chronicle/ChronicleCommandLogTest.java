package dev.lightcone.commitlog.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.CommandLogContract;
import dev.lightcone.commitlog.Commands;
import dev.lightcone.commitlog.LogMetrics;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.ModuleSource;
import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleCommandLogTest extends CommandLogContract {
    @TempDir
    Path tmp;
    private final Map<CommandLog, Path> dirs = new HashMap<>();
    private int count;

    @Override
    protected boolean onlyThisObjectAppends() {
        return true;
    }

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

    @Test
    void offsetsStayDenseAcrossRollCyclesAndSegments() throws Exception {
        Path dir = tmp.resolve("rolling");
        SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        int next = 0;
        for (int run = 0; run < 3; run++) {
            try (ChronicleCommandLog log = ChronicleCommandLog.builder(dir)
                    .withRollCycle(TestRollCycles.TEST_SECONDLY).withTimeProvider(clock).build()) {
                assertEquals(next, log.endOffset());
                for (int cycle = 0; cycle < 3; cycle++) {
                    for (int i = 0; i < 7; i++) {
                        assertEquals(next, log.append(Commands.call(0, next)));
                        next++;
                    }
                    log.whenDurable(next - 1).get(10, TimeUnit.SECONDS);
                    clock.advanceMillis(1_500);
                }
            }
        }
        try (ChronicleCommandLog log = ChronicleCommandLog.builder(dir)
                .withRollCycle(TestRollCycles.TEST_SECONDLY).withTimeProvider(clock).build()) {
            assertEquals(63, log.endOffset());
            try (var files = java.nio.file.Files.walk(dir)) {
                assertEquals(9, files.filter(f -> f.toString().endsWith(".cq4")).count(), "3 runs x 3 cycles");
            }
            // Every start point, including the first record of each cycle and of each segment.
            for (int from = 0; from <= 63; from++) {
                List<LoggedCommand> read = readAll(log, from);
                assertEquals(63 - from, read.size());
                for (LoggedCommand c : read) {
                    assertEquals(Commands.call(0, c.offset()), c.command());
                }
            }
        }
    }

    @Test
    void groupCommitSyncsOncePerBatchNotPerRecord() throws Exception {
        try (CommandLog log = newLog()) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int thread = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        log.append(Commands.call(thread, i));
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            log.whenDurable(19_999).get(30, TimeUnit.SECONDS);
            LogMetrics m = log.metrics();
            assertEquals(20_000, m.recordsAppended());
            assertEquals(20_000, m.recordsSynced());
            assertTrue(m.syncs() < 20_000 / 2, "expected batching, got " + m);
            assertTrue(m.maxRecordsPerSync() > 1, "expected batching, got " + m);
        }
    }

    @Test
    void largeRecordsRoundTripAndOversizedOnesAreRefusedWithoutHarm() throws Exception {
        try (CommandLog log = newLog()) {
            PublishModule big = new PublishModule(Identity.ZERO, Identity.ZERO,
                    new ModuleSource.Inline(new byte[4 << 20]), false, Timestamp.UNIX_EPOCH);
            assertEquals(0, log.append(big));
            PublishModule tooBig = new PublishModule(Identity.ZERO, Identity.ZERO,
                    new ModuleSource.Inline(new byte[17 << 20]), false, Timestamp.UNIX_EPOCH);
            assertThrows(IllegalArgumentException.class, () -> log.append(tooBig));
            assertEquals(1, log.append(Commands.call(0, 1)));
            List<LoggedCommand> read = readAll(log, 0);
            assertEquals(big, read.get(0).command());
            assertEquals(Commands.call(0, 1), read.get(1).command());
        }
    }
}

package dev.lightcone.executor.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.memory.InMemoryCommandLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes chopped or flipped at the end of the command log are detected, and the database starts with
 * exactly the commands before them: the same state as replaying that prefix.
 */
class CorruptTailTest {
    @ParameterizedTest
    @ValueSource(strings = {"zero-tail", "flip-bit", "garbage"})
    void startsWithEverythingBeforeTheDamage(String damage, @TempDir Path dir) throws Exception {
        long last;
        try (WriterStorage storage = WriterStorage.open(dir)) {
            last = Workload.append(storage.commands(), 5, 300);
            try (DatabaseWriter w = DatabaseWriter.open(storage, DatabaseWriter.Options.of(Workload.DB, "bank").withDisconnectStale(false)
                    .withSnapshotEvery(0))) {
                w.awaitApplied(last, 60, TimeUnit.SECONDS);
            }
        }
        damage(newestQueueFile(dir.resolve("commands")), damage);

        try (WriterStorage storage = WriterStorage.open(dir)) {
            long end = storage.commands().endOffset();
            assertTrue(end <= last + 1, "the damaged tail is cut off");
            assertTrue(end >= last - 5, "only the tail is lost, end = " + end);
            byte[] recovered;
            try (DatabaseWriter w = DatabaseWriter.open(storage, DatabaseWriter.Options.of(Workload.DB, "bank").withDisconnectStale(false))) {
                w.awaitApplied(end - 1, 60, TimeUnit.SECONDS);
                recovered = StateDump.of(w.host().orElseThrow());
            }
            // Reference: the intact prefix replayed in memory.
            CommandLog prefix = InMemoryCommandLog.create();
            try (LogTailer<LoggedCommand> t = storage.commands().tail(0)) {
                for (LoggedCommand c = t.poll(); c != null; c = t.poll()) {
                    prefix.append(c.command());
                }
            }
            try (DatabaseWriter w = DatabaseWriter.open(WriterStorage.replaying(prefix),
                    DatabaseWriter.Options.of(Workload.DB, "bank").withDisconnectStale(false))) {
                w.awaitApplied(end - 1, 60, TimeUnit.SECONDS);
                assertArrayEquals(StateDump.of(w.host().orElseThrow()), recovered);
            }
        }
    }

    private static Path newestQueueFile(Path commands) throws IOException {
        try (Stream<Path> s = Files.walk(commands)) {
            return s.filter(p -> p.toString().endsWith(".cq4")).max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no queue file under " + commands));
        }
    }

    /** Damages the last bytes of data in a (sparse, preallocated) Chronicle file. */
    private static void damage(Path file, String how) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long end = lastNonZero(f);
            switch (how) {
                case "zero-tail" -> {
                    f.seek(end - 24);
                    f.write(new byte[25]);
                }
                case "flip-bit" -> {
                    f.seek(end - 10);
                    int b = f.read();
                    f.seek(end - 10);
                    f.write(b ^ 0x10);
                }
                default -> {
                    f.seek(end + 1);
                    f.write(new byte[] {0x7f, 0x12, 0x55, (byte) 0xAA, 0x01, 0x02, 0x03, 0x04, 0x05});
                }
            }
        }
    }

    private static long lastNonZero(RandomAccessFile f) throws IOException {
        long len = f.length();
        byte[] buf = new byte[1 << 16];
        for (long pos = len; pos > 0; ) {
            int n = (int) Math.min(buf.length, pos);
            pos -= n;
            f.seek(pos);
            f.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] != 0) {
                    return pos + i;
                }
            }
        }
        throw new IllegalStateException("empty queue file");
    }
}

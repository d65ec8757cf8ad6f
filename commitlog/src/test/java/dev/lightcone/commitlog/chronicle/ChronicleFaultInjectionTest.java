package dev.lightcone.commitlog.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.commitlog.Commands;
import dev.lightcone.commitlog.LogTailer;
import dev.lightcone.commitlog.LoggedCommand;
import dev.lightcone.commitlog.record.CommandCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a closed Chronicle log the ways a crash or a bad disk would, reopens it, and checks that
 * exactly the intact prefix survives and that appending continues right after it.
 */
class ChronicleFaultInjectionTest {
    private static final int RECORDS = 20;
    private static final int PAYLOAD = CommandCodec.encode(Commands.call(0, 0)).length;
    /** Chronicle's 4-byte excerpt header: bit 31 "not complete", bit 30 "metadata", the rest the length. */
    private static final int CHRONICLE_HEADER = 4;
    private static final int EXCERPT = CHRONICLE_HEADER + FrameFormat.HEADER_BYTES + PAYLOAD;
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());

    @TempDir
    Path tmp;
    private int runs;

    /** Where the excerpt (Chronicle header included) of each record starts in the data file. */
    private record Written(Path file, long[] excerptStart) {
        long end(int record) {
            return excerptStart[record] + EXCERPT;
        }
    }

    private Path freshDir() {
        return tmp.resolve("run-" + runs++);
    }

    private Written writeRecords(Path dir) throws IOException {
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            for (int i = 0; i < RECORDS; i++) {
                log.append(Commands.call(0, i));
            }
        }
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve(Segment.dirName(0)))) {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] head = new byte[4 << 20];
        int n;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            n = ch.read(ByteBuffer.wrap(head));
        }
        long[] starts = new long[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            starts[r] = find(head, n, r) - CHRONICLE_HEADER;
        }
        return new Written(file, starts);
    }

    /** The position of the frame of record {@code offset}: its payload length then its offset, little-endian. */
    private static long find(byte[] data, int n, long offset) {
        byte[] pattern = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(PAYLOAD).putLong(offset).array();
        outer:
        for (int i = 0; i + pattern.length <= n; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("frame " + offset + " not found in the data file");
    }

    /** Reopens, checks that exactly {@code intact} records survived, appends, and checks again after another reopen. */
    private static void assertIntactPrefixThenContinues(Path dir, int intact, String what) throws Exception {
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            assertEquals(intact, log.endOffset(), what + " (seed " + SEED + ")");
            assertRecords(log, intact);
            assertEquals(intact, log.append(Commands.call(0, intact)), what);
            assertEquals(intact + 1, log.append(Commands.call(0, intact + 1)), what);
            log.whenDurable(intact + 1).get(10, TimeUnit.SECONDS);
        }
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            assertEquals(intact + 2, log.endOffset(), what + " after a second reopen (seed " + SEED + ")");
            assertRecords(log, intact + 2);
        }
    }

    private static void assertRecords(CommandLog log, int count) throws InterruptedException {
        try (LogTailer<LoggedCommand> t = log.tail(0)) {
            for (int i = 0; i < count; i++) {
                LoggedCommand c = t.poll(5, TimeUnit.SECONDS);
                assertEquals(new LoggedCommand(i, Commands.call(0, i)), c);
            }
            assertEquals(null, t.poll(), "nothing readable past the intact prefix");
        }
    }

    private static long lastNonZero(byte[] data, long from, long to) {
        for (long i = to - 1; i >= from; i--) {
            if (data[(int) i] != 0) {
                return i;
            }
        }
        return from;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void write(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private static void flipBits(Path file, long at, int mask) throws IOException {
        byte[] b = read(file, at, 1);
        b[0] ^= (byte) mask;
        write(file, at, b);
    }

    private static byte[] read(Path file, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.read(b, position);
        }
        return b.array();
    }

    @Test
    void truncationAtRandomPositionsNearTheEndKeepsWholeRecordsOnly() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 8; i++) {
            Path dir = freshDir();
            Written w = writeRecords(dir);
            long from = w.excerptStart[RECORDS - 3];
            long cut = from + random.nextInt((int) (w.end(RECORDS - 1) - from + 8));
            // A record survives if everything it has beyond the cut is zero, which is what the lost tail reads as.
            byte[] before = read(w.file, 0, (int) w.end(RECORDS - 1));
            truncate(w.file, cut);
            int intact = 0;
            while (intact < RECORDS && lastNonZero(before, w.excerptStart[intact], w.end(intact)) < cut) {
                intact++;
            }
            assertIntactPrefixThenContinues(dir, intact, "truncated at " + cut);
        }
    }

    @Test
    void aFlippedBitInTheLastRecordCutsItOff() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 8; i++) {
            Path dir = freshDir();
            Written w = writeRecords(dir);
            // Anywhere in the last excerpt, Chronicle's own header included.
            long at = w.excerptStart[RECORDS - 1] + random.nextInt(EXCERPT);
            flipBits(w.file, at, 1 << random.nextInt(8));
            assertIntactPrefixThenContinues(dir, RECORDS - 1, "bit flipped at " + at);
        }
    }

    @Test
    void aFlippedBitInAnEarlierRecordMakesEverythingAfterItUnreadable() throws Exception {
        Path dir = freshDir();
        Written w = writeRecords(dir);
        long at = w.excerptStart[12] + CHRONICLE_HEADER + FrameFormat.HEADER_BYTES + 3;
        flipBits(w.file, at, 0x10);
        assertIntactPrefixThenContinues(dir, 12, "payload bit flipped in record 12");
    }

    @Test
    void garbageAfterTheLastRecordIsIgnored() throws Exception {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 8; i++) {
            Path dir = freshDir();
            Written w = writeRecords(dir);
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            write(w.file, w.end(RECORDS - 1), garbage);
            assertIntactPrefixThenContinues(dir, RECORDS, "garbage of " + garbage.length + " bytes");
        }
    }

    @Test
    void garbageShapedLikeAChronicleHeaderIsIgnored() throws Exception {
        for (int header : new int[] {0x0000_0020, 0x4000_0020, 0x8000_0000, 0x8000_0030, 0x3FFF_FFFF}) {
            Path dir = freshDir();
            Written w = writeRecords(dir);
            byte[] bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(header).putInt(PAYLOAD)
                    .putLong(RECORDS).array();
            write(w.file, w.end(RECORDS - 1), bytes);
            assertIntactPrefixThenContinues(dir, RECORDS, "header-shaped garbage " + Integer.toHexString(header));
        }
    }

    @Test
    void aWriteTornByAProcessCrashIsCutOff() throws Exception {
        // Chronicle claims an excerpt by writing a "not complete" header, then the body, then the length.
        // A process killed in between leaves the claim header and part of the body.
        Path dir = freshDir();
        Written w = writeRecords(dir);
        long start = w.excerptStart[RECORDS - 1];
        write(w.file, start, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x8000_0000).array());
        write(w.file, start + EXCERPT / 2, new byte[EXCERPT - EXCERPT / 2]);
        assertIntactPrefixThenContinues(dir, RECORDS - 1, "torn by a process crash");
    }

    @Test
    void aWriteTornByPowerLossIsCutOff() throws Exception {
        // With the page cache lost, the header page may reach the disk while the body's last page did not.
        Path dir = freshDir();
        Written w = writeRecords(dir);
        long start = w.excerptStart[RECORDS - 1];
        int keep = CHRONICLE_HEADER + FrameFormat.HEADER_BYTES + 5;
        write(w.file, start + keep, new byte[EXCERPT - keep]);
        assertIntactPrefixThenContinues(dir, RECORDS - 1, "torn by power loss");
    }

    @Test
    void aSegmentWithNoIntactRecordIsMovedAside() throws Exception {
        Path dir = freshDir();
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            log.append(Commands.call(0, 0));
        }
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            log.append(Commands.call(0, 1));
        }
        Path second = dir.resolve(Segment.dirName(1));
        Path file;
        try (Stream<Path> files = Files.list(second)) {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] head = read(file, 0, 1 << 20);
        long frame = find(head, head.length, 1);
        flipBits(file, frame + 13, 0xFF);
        assertIntactPrefixThenContinues(dir, 1, "second segment's only record corrupt");
        try (Stream<Path> children = Files.list(dir)) {
            assertTrue(children.anyMatch(p -> p.getFileName().toString().startsWith("discarded-seg-")));
        }
    }
    @Test
    void aSegmentWhoseCreationWasInterruptedIsRemovedAndTheLogContinues() throws Exception {
        Path dir = freshDir();
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            log.append(Commands.call(0, 0));
        }
        // What a process killed while Chronicle wrote a new segment's metadata leaves: an empty metadata file.
        Path staging = dir.resolve(Segment.CREATING_PREFIX + Segment.dirName(1));
        Files.createDirectories(staging);
        Files.write(staging.resolve(Segment.METADATA_FILE), new byte[0]);
        try (CommandLog log = ChronicleCommandLog.open(dir)) {
            assertEquals(1, log.endOffset());
            assertEquals(1, log.append(Commands.call(0, 1)));
            assertRecords(log, 2);
        }
        assertTrue(!Files.exists(staging), "the half-created segment is gone");
        assertTrue(Files.exists(dir.resolve(Segment.dirName(1)).resolve(Segment.METADATA_FILE)));
        try (Stream<Path> children = Files.list(dir)) {
            assertTrue(children.noneMatch(p -> p.getFileName().toString().startsWith(Segment.CREATING_PREFIX)),
                    "no staging directory outlives a segment's creation");
        }
    }
}
